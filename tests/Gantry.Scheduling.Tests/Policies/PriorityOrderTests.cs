using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class PriorityOrderTests
{
    [Fact]
    public void HigherPriority_StartsFirst_WhenOnlyOneFits()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1).Priority(10))
            .Schedule();

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
        Assert.Equal(PendingReason.Resources, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void SamePriority_EarlierSubmitStartsFirst_WhateverTheQueueOrder()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Queue(Sched.Job(5).Gpus(1).SubmittedAt(50), Sched.Job(9).Gpus(1).SubmittedAt(10))
            .Schedule();

        Assert.Equal([9L], plan.Admissions.Select(a => a.JobId));
    }

    [Fact]
    public void Pending_AreListedInQueueOrder_WithTheirPositions()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1), Sched.Job(3).Gpus(1).Priority(5))
            .Schedule();

        Assert.Equal([3L], plan.Admissions.Select(a => a.JobId));
        Assert.Equal([1L, 2L], plan.Pending.Select(p => p.JobId));
        Assert.Equal([2, 3], plan.Pending.Select(p => p.Position));
        Assert.Equal(1, plan.Explain(2)!.AheadCount);
        Assert.Equal([1L], plan.Explain(2)!.Ahead);
    }

    [Fact]
    public void InvalidRequest_IsPending_WithTheProblemInWords()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(2))
            .Queue(Sched.Job(1).Gpus(2), Sched.Job(2).Share(500).Gpus(2))
            .Schedule();

        var e = plan.Explain(2)!;
        Assert.Equal(PendingReason.Invalid, e.Reason);
        Assert.Contains("fraction", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void RequestNoNodeCouldEverHold_IsNeverFits()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4), Sched.Node("n2").Gpus(4))
            .Queue(Sched.Job(1).Gpus(8), Sched.Job(2).Gpus(1, "A100"), Sched.Job(3).Gpus(1).Pool("nowhere"))
            .Schedule();

        Assert.Empty(plan.Admissions);
        Assert.All(plan.Pending, p => Assert.Equal(PendingReason.NeverFits, p.Reason));
        Assert.Contains("no pool named 'nowhere'", plan.Explain(3)!.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void MaxJobsPerCycle_LeavesTheRestNotConsidered()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(8))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1), Sched.Job(3).Gpus(1))
            .Schedule(new SchedulerOptions { MaxJobsPerCycle = 2 });

        Assert.Equal(2, plan.Admissions.Count);
        Assert.Equal(PendingReason.NotConsidered, plan.Explain(3)!.Reason);
    }
}
