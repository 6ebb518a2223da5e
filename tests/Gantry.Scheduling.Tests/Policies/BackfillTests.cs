using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class BackfillTests
{
    // n1 has 4 GPUs, 2 held until t = 2000 by job 100; the head job (1) wants all 4.
    private static SchedCluster HalfBusy(params SchedJob[] queue) =>
        Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Running(Sched.Running(100).On("n1", 0, 1).Ends(2000))
            .Queue([Sched.Job(1).Gpus(4), .. queue]);

    [Fact]
    public void Head_GetsAReservation_AtItsEarliestStart()
    {
        var e = HalfBusy().Schedule().Explain(1)!;

        Assert.Equal(PendingReason.Reserved, e.Reason);
        Assert.Equal(2000, e.EstimatedStart);
        Assert.Contains("should start in about 17 min", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ShortJob_RunsInTheGap_WhenItEndsBeforeTheReservation()
    {
        var plan = HalfBusy(Sched.Job(2).Gpus(2).TimeLimit(500)).Schedule();

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
    }

    [Theory]
    [InlineData(5000.0)]
    [InlineData(null)]
    public void LongJob_WaitsRatherThanDelayTheHead(double? limit)
    {
        var job = Sched.Job(2).Gpus(2);
        if (limit is { } l)
            job.TimeLimit(l);
        var plan = HalfBusy(job).Schedule();

        Assert.Empty(plan.Admissions);
        var e = plan.Explain(2)!;
        Assert.Equal(PendingReason.WouldDelayReservation, e.Reason);
        Assert.Equal(1, e.BlockedByReservationOf);
        Assert.Contains("reserved for job 1", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void LongJob_RunsWhereItTouchesNothingReserved()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4), Sched.Node("n2").Gpus(4))
            .Running(Sched.Running(100).On("n1", 0, 1).Ends(2000), Sched.Running(101).On("n2", 0, 1))
            .Queue(Sched.Job(1).Gpus(4), Sched.Job(2).Gpus(2))
            .Schedule();

        var a = Assert.Single(plan.Admissions);
        Assert.Equal(2, a.JobId);
        Assert.Equal("n2", a.Placements[0].Node);
    }

    [Fact]
    public void Fifo_NothingPassesTheWaitingHead()
    {
        var plan = HalfBusy(Sched.Job(2).Gpus(2).TimeLimit(500)).Schedule(new SchedulerOptions { Queue = QueuePolicy.Fifo });

        Assert.Empty(plan.Admissions);
        var e = plan.Explain(2)!;
        Assert.Equal(PendingReason.BehindHead, e.Reason);
        Assert.Contains("strictly first in, first out", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void BackfillPolicy_BehavesLikeEasyBackfill()
    {
        var plan = HalfBusy(Sched.Job(2).Gpus(2).TimeLimit(500), Sched.Job(3).Gpus(1).TimeLimit(5000))
            .Schedule(new SchedulerOptions { Queue = QueuePolicy.Backfill });

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
        Assert.Equal(PendingReason.Reserved, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void WithoutKnownEnds_NoReservationCanBeMade_AndTheEstimateSaysWhy()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Running(Sched.Running(100).On("n1", 0, 1))
            .Queue(Sched.Job(1).Gpus(4), Sched.Job(2).Gpus(2))
            .Schedule();

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
        var e = plan.Explain(1)!;
        Assert.Equal(PendingReason.Resources, e.Reason);
        Assert.Null(e.EstimatedStart);
        Assert.Contains("jobs without a time limit", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReservationKeepsCpus_ForTheHead()
    {
        // The head needs 60 of n1's 64 CPUs at t = 2000; a long CPU-only job may not take more than what is left then.
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(2).Cpus(64))
            .Running(Sched.Running(100).On("n1", 0).Ends(2000))
            .Queue(Sched.Job(1).Gpus(2).Cpus(60), Sched.Job(2).Cpus(8).TimeLimit(10_000), Sched.Job(3).Cpus(2).TimeLimit(10_000))
            .Schedule();

        Assert.Equal([3L], plan.Admissions.Select(a => a.JobId));
        Assert.Equal(PendingReason.WouldDelayReservation, plan.Explain(2)!.Reason);
    }
}
