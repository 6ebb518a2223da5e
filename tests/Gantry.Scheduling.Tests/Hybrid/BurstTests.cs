using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Hybrid;

/// <summary>Allowed pools (residency) and burst to the cloud when the wait on-premises is over the threshold.</summary>
public sealed class BurstTests
{
    // "onprem" has 8 GPUs, all held by job 9 until t = 1000 + 7200; "cloud" has 8 free GPUs.
    private static SchedCluster Busy(double? burstAfter, double? busyUntil = 1000 + 7200)
    {
        var running = Sched.Running(9).On("p1", 0, 1, 2, 3, 4, 5, 6, 7);
        if (busyUntil is { } end)
            running = running.Ends(end);
        return new SchedCluster([Sched.Node("p1").Gpus(8).Pool("onprem"), Sched.Node("c1").Gpus(8).Pool("cloud")])
        {
            BurstAfter = burstAfter,
        }.Running(running);
    }

    [Fact]
    public void AllowedPools_KeepAJob_OutOfOtherPools_EvenWhenTheyAreFree()
    {
        var plan = Busy(burstAfter: 600).Queue(Sched.Job(1).Gpus(2).Pools("onprem")).Schedule();

        Assert.Empty(plan.Admissions);
        Assert.Equal(PendingReason.Reserved, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void AJobMayBurst_WhenItsWaitAtHome_IsOverTheThreshold()
    {
        var plan = Busy(burstAfter: 3600).Queue(Sched.Job(1).Gpus(2).Pools("onprem").Burst("cloud")).Schedule();

        var admission = Assert.Single(plan.Admissions);
        Assert.Equal("c1", admission.Placements[0].Node);
        Assert.NotNull(admission.Burst);
        Assert.Equal(7200, admission.Burst.HomeWaitSeconds);
        Assert.Equal(3600, admission.Burst.AfterSeconds);
    }

    [Fact]
    public void AJobWaitsAtHome_WhenItsWait_IsWithinTheThreshold()
    {
        var plan = Busy(burstAfter: 3 * 3600).Queue(Sched.Job(1).Gpus(2).Pools("onprem").Burst("cloud")).Schedule();

        Assert.Empty(plan.Admissions);
        var pending = plan.Explain(1)!;
        Assert.Equal(7200, pending.Burst!.HomeWaitSeconds);
        Assert.Contains("within the burst threshold", pending.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void HomeIsPreferred_WhenItHasRoom()
    {
        var plan = Busy(burstAfter: 0, busyUntil: 2000)
            .Queue(Sched.Job(1).Gpus(0).Pools("onprem").Burst("cloud"))
            .Schedule();

        var admission = Assert.Single(plan.Admissions);
        Assert.Equal("p1", admission.Placements[0].Node);
        Assert.Null(admission.Burst);
    }

    [Fact]
    public void AnUnboundedWait_Bursts()
    {
        var plan = Busy(burstAfter: 3600, busyUntil: null).Queue(Sched.Job(1).Gpus(1).Pools("onprem").Burst("cloud")).Schedule();

        var admission = Assert.Single(plan.Admissions);
        Assert.Equal("c1", admission.Placements[0].Node);
        Assert.Null(admission.Burst!.HomeWaitSeconds);
    }

    [Fact]
    public void AJobThatNeverFitsAtHome_BurstsAtOnce()
    {
        var plan = Busy(burstAfter: 3600).Queue(Sched.Job(1).Gpus(8).Cpus(1).Pools("onprem").Burst("cloud"), Sched.Job(2).Gpus(16).Pools("onprem").Burst("cloud")).Schedule();

        Assert.Equal("c1", Assert.Single(plan.Admissions).Placements[0].Node);
        Assert.Equal(1, plan.Admissions[0].JobId);
        Assert.Equal(PendingReason.NeverFits, plan.Explain(2)!.Reason);
    }

    [Fact]
    public void WithoutAThreshold_NobodyBursts()
    {
        var plan = Busy(burstAfter: null).Queue(Sched.Job(1).Gpus(2).Pools("onprem").Burst("cloud")).Schedule();

        Assert.Empty(plan.Admissions);
        Assert.Null(plan.Explain(1)!.Burst);
    }

    [Fact]
    public void ANamedPool_NarrowsTheAllowedPools()
    {
        var plan = new SchedCluster([Sched.Node("a1").Gpus(8).Pool("a"), Sched.Node("b1").Gpus(8).Pool("b")])
            .Queue(Sched.Job(1).Gpus(1).Pool("b").Pools("a"), Sched.Job(2).Gpus(1).Pools("a", "b"))
            .Schedule();

        Assert.Equal(PendingReason.NeverFits, plan.Explain(1)!.Reason);
        Assert.Contains("none of the pools it may use", plan.Explain(1)!.Describe(), StringComparison.Ordinal);
        Assert.Single(plan.Admissions);
    }
}
