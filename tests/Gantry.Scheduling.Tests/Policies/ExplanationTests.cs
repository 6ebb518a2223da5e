using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class ExplanationTests
{
    [Fact]
    public void WaitingForResources_SaysWhatIsShort_WhoIsAhead_AndWhenItCouldStart()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4), Sched.Node("n2").Gpus(4))
            .Running(Sched.Running(100).On("n1", 0, 1).Ends(1000 + 7200), Sched.Running(101).On("n2", 0, 1, 2).Ends(1000 + 600))
            .Queue(Sched.Job(1).Gpus(4).Cpus(8).MemoryGi(64), Sched.Job(2).Gpus(4).Cpus(8).MemoryGi(64))
            .Schedule(new SchedulerOptions { ReservationDepth = 1 });

        var text = plan.Explain(2)!.Describe();

        Assert.Contains("Job 2 is waiting, 2nd in this cycle's order, with 1 waiting job ahead of it (just ahead: 1)", text, StringComparison.Ordinal);
        Assert.Contains("It asks for 4 GPUs, 8 CPUs and 64 GiB of memory on one node", text, StringComparison.Ordinal);
        Assert.Contains("no node has 4 GPUs free (the most on one node is 2, on n1)", text, StringComparison.Ordinal);
        Assert.Contains("at the earliest", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GangRequest_IsDescribedAsAGang()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(8))
            .Queue(Sched.Job(1).Gpus(8).Nodes(2))
            .Schedule();

        Assert.Contains("on each of 2 nodes (a gang: all start together or none does)", plan.Explain(1)!.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ShareRequest_IsDescribedAsAShare()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1, Sched.A100))
            .Running(Sched.Running(100).On("n1", 0))
            .Queue(Sched.Job(1).Share(250, "A100"))
            .Schedule();

        Assert.Contains("0.25 of a A100 GPU", plan.Explain(1)!.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReasonOnly_SkipsTheDetails()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Queue(Sched.Job(1).Gpus(2), Sched.Job(2).Gpus(1), Sched.Job(3).Gpus(1))
            .Schedule(new SchedulerOptions { Explain = ExplainLevel.ReasonOnly });

        var e = plan.Explain(3)!;
        Assert.Equal(PendingReason.Resources, e.Reason);
        Assert.Null(e.Request);
        Assert.Equal(1, e.AheadCount);
    }

    [Fact]
    public void Timing_RecordsPhases_AndDecisions_WithoutChangingThePlan()
    {
        var cluster = Sched.Cluster(Sched.Node("n1").Gpus(2)).Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(2));

        var timed = cluster.Schedule(new SchedulerOptions { Timing = TimeProvider.System, RecordDecisionTimes = true });
        var plain = cluster.Schedule();

        Assert.Equal(["0-snapshot", "1-heads", "2-nominate", "3-order", "4-admit", "5-requeue"], timed.Stats.PhaseSeconds.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, timed.Stats.DecisionSeconds.Count);
        Assert.Equal(plain.Admissions.Select(a => a.JobId), timed.Admissions.Select(a => a.JobId));
    }
}
