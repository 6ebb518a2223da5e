using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class GangTests
{
    [Fact]
    public void Gang_StartsWhole_OnDistinctNodes()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4), Sched.Node("n2").Gpus(4), Sched.Node("n3").Gpus(4))
            .Queue(Sched.Job(1).Gpus(4).Nodes(2))
            .Schedule();

        var a = Assert.Single(plan.Admissions);
        Assert.Equal(2, a.Placements.Select(p => p.Node).Distinct().Count());
        Assert.All(a.Placements, p => Assert.Equal(4, p.Gpus.Count));
    }

    [Fact]
    public void Gang_DoesNotStart_UntilAllItsNodesFit()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4), Sched.Node("n2").Gpus(4))
            .Running(Sched.Running(100).On("n2", 0))
            .Queue(Sched.Job(1).Gpus(4).Nodes(2))
            .Schedule();

        Assert.Empty(plan.Admissions);
        var e = plan.Explain(1)!;
        Assert.Equal(PendingReason.Resources, e.Reason);
        Assert.Contains("only 1 node(s) can take one of its 2 tasks now", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void MultiGpuJob_StaysOnOneNode()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(2), Sched.Node("n2").Gpus(2))
            .Queue(Sched.Job(1).Gpus(3))
            .Schedule();

        Assert.Empty(plan.Admissions);
        Assert.Equal(PendingReason.NeverFits, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void Gang_GetsAReservation_WhenRunningJobsWillFreeItsNodes()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4), Sched.Node("n2").Gpus(4))
            .Running(Sched.Running(100).On("n2", 0).Ends(5000))
            .Queue(Sched.Job(1).Gpus(4).Nodes(2), Sched.Job(2).Gpus(1).TimeLimit(100_000))
            .Schedule();

        Assert.Equal(PendingReason.Reserved, plan.Explain(1)!.Reason);
        Assert.Equal(5000, plan.Explain(1)!.EstimatedStart);
        Assert.Equal(PendingReason.WouldDelayReservation, plan.Explain(2)!.Reason);
    }
}
