using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class PreemptionTests
{
    [Fact]
    public void HigherPriority_PreemptsLowerPriorityPreemptibleWork_InItsProject_WithAGracePeriod()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Running(Sched.Running(100).Priority(0).Preemptible().On("n1", 0))
            .Queue(Sched.Job(1).Gpus(1).Priority(10))
            .Schedule(new SchedulerOptions { PreemptionGraceSeconds = 45 });

        var p = Assert.Single(plan.Preemptions);
        Assert.Equal((100L, 1L, PreemptionReason.HigherPriority, 45.0), (p.JobId, p.ForJobId, p.Reason, p.GraceSeconds));
        Assert.Empty(plan.Admissions);
        var e = plan.Explain(1)!;
        Assert.Equal(PendingReason.WaitingForPreemption, e.Reason);
        Assert.Equal(1045, e.EstimatedStart);
        Assert.Contains("checkpoint", p.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void NonPreemptibleWork_IsNeverPreempted()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Running(Sched.Running(100).Priority(0).On("n1", 0))
            .Queue(Sched.Job(1).Gpus(1).Priority(10))
            .Schedule();

        Assert.Empty(plan.Preemptions);
        Assert.Equal(PendingReason.Resources, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void EqualPriority_IsNotPreempted()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Running(Sched.Running(100).Priority(5).Preemptible().On("n1", 0))
            .Queue(Sched.Job(1).Gpus(1).Priority(5))
            .Schedule();

        Assert.Empty(plan.Preemptions);
    }

    [Fact]
    public void LowerPriorityWork_OfAnotherProject_WithinItsGuarantee_IsProtected()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Quotas(Sched.Quota("a", gpus: 1), Sched.Quota("b", gpus: 1))
            .Running(Sched.Running(100).Project("b").Priority(0).Preemptible().On("n1", 0))
            .Queue(Sched.Job(1).Project("a").Gpus(1).Priority(10))
            .Schedule();

        Assert.Empty(plan.Preemptions);
    }

    [Fact]
    public void LowerPriorityWork_OfAProjectWithoutQuota_CanBePreempted()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Running(Sched.Running(100).Project("b").Priority(0).Preemptible().On("n1", 0))
            .Queue(Sched.Job(1).Project("a").Gpus(1).Priority(10))
            .Schedule();

        Assert.Equal([100L], plan.Preemptions.Select(p => p.JobId));
    }

    [Fact]
    public void Lender_ReclaimsBorrowedWork_YoungestBorrowedFirst_WhateverItsPriority()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Quotas(Sched.Quota("a", gpus: 2, cohort: "c"), Sched.Quota("b", gpus: 2, cohort: "c"))
            .Running(
                Sched.Running(100).Project("b").Priority(50).Preemptible().On("n1", 0).Started(0),
                Sched.Running(101).Project("b").Priority(50).Preemptible().On("n1", 1).Started(10),
                Sched.Running(102).Project("b").Priority(50).Preemptible().Borrowed().On("n1", 2).Started(20),
                Sched.Running(103).Project("b").Priority(50).Preemptible().Borrowed().On("n1", 3).Started(30))
            .Queue(Sched.Job(1).Project("a").Gpus(1).Priority(0))
            .Schedule();

        var p = Assert.Single(plan.Preemptions);
        Assert.Equal(103, p.JobId);
        Assert.Equal(PreemptionReason.ReclaimBorrowed, p.Reason);
        Assert.Equal(PendingReason.WaitingForPreemption, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void BorrowingJob_CannotReclaim()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(2))
            .Quotas(Sched.Quota("a", gpus: 0, cohort: "c"), Sched.Quota("b", gpus: 2, cohort: "c"))
            .Running(Sched.Running(100).Project("b").Preemptible().On("n1", 0, 1))
            .Queue(Sched.Job(1).Project("a").Gpus(1))
            .Schedule();

        Assert.Empty(plan.Preemptions);
        Assert.Equal(PendingReason.CohortExhausted, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void WhilePreemptedWorkStops_TheJobWaits_AndNothingMoreIsPreempted()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(2))
            .Running(
                Sched.Running(100).Priority(0).Preemptible().Terminating().On("n1", 0).Ends(1030),
                Sched.Running(101).Priority(0).Preemptible().On("n1", 1))
            .Queue(Sched.Job(1).Gpus(1).Priority(10))
            .Schedule();

        Assert.Empty(plan.Preemptions);
        var e = plan.Explain(1)!;
        Assert.Equal(PendingReason.WaitingForPreemption, e.Reason);
        Assert.Equal(1030, e.EstimatedStart);
    }

    [Fact]
    public void ResourcesFreedByPreemption_AreHeld_ForThePreemptor()
    {
        // Job 1 preempts 100 on n1; job 2 (lower priority, no limit) must not be placed on the GPU held for job 1.
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(2))
            .Running(Sched.Running(100).Priority(0).Preemptible().On("n1", 0, 1))
            .Queue(Sched.Job(1).Gpus(2).Priority(10), Sched.Job(2).Gpus(1).Priority(1))
            .Schedule();

        Assert.Equal([100L], plan.Preemptions.Select(p => p.JobId));
        Assert.Empty(plan.Admissions);
    }

    [Fact]
    public void PreemptionOff_NothingIsPreempted()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Running(Sched.Running(100).Priority(0).Preemptible().On("n1", 0))
            .Queue(Sched.Job(1).Gpus(1).Priority(10))
            .Schedule(new SchedulerOptions { Preemption = false });

        Assert.Empty(plan.Preemptions);
    }

    [Fact]
    public void OverItsLimit_AJobPreemptsItsOwnProjectsLowerPriorityWork()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Quotas(Sched.Quota("a", gpus: 2))
            .Running(Sched.Running(100).Priority(0).Preemptible().On("n1", 0, 1))
            .Queue(Sched.Job(1).Gpus(1).Priority(10))
            .Schedule();

        Assert.Equal([100L], plan.Preemptions.Select(p => p.JobId));
        Assert.Equal(PendingReason.WaitingForPreemption, plan.Explain(1)!.Reason);
    }
}
