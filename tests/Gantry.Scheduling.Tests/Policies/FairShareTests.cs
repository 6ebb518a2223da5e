using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class FairShareTests
{
    [Fact]
    public void ProjectUsingLess_GoesFirst_EvenIfItSubmittedLater()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Running(Sched.Running(100).Project("a").On("n1", 0, 1, 2))
            .Queue(Sched.Job(1).Project("a").Gpus(1).SubmittedAt(1), Sched.Job(2).Project("b").Gpus(1).SubmittedAt(2))
            .Schedule();

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
    }

    [Fact]
    public void Fifo_IgnoresFairShare()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Running(Sched.Running(100).Project("a").On("n1", 0, 1, 2))
            .Queue(Sched.Job(1).Project("a").Gpus(1).SubmittedAt(1), Sched.Job(2).Project("b").Gpus(1).SubmittedAt(2))
            .Schedule(new SchedulerOptions { Queue = QueuePolicy.Fifo });

        Assert.Equal([1L], plan.Admissions.Select(a => a.JobId));
    }

    [Fact]
    public void Weight_ScalesTheShare()
    {
        // a uses 3 of 8 GPUs with weight 4; b uses 1 with weight 1: a's weighted share is the smaller.
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(5), Sched.Node("n2").Gpus(3))
            .Quotas(Sched.Quota("a", gpus: 8, weight: 4), Sched.Quota("b", gpus: 8, weight: 1))
            .Running(Sched.Running(100).Project("a").On("n2", 0, 1, 2), Sched.Running(101).Project("b").On("n1", 0), Sched.Running(102).Project("x").On("n1", 1, 2, 3))
            .Queue(Sched.Job(1).Project("b").Gpus(1).SubmittedAt(1), Sched.Job(2).Project("a").Gpus(1).SubmittedAt(2))
            .Schedule(new SchedulerOptions { FairShareHistoryWeight = 0 });

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
    }

    [Fact]
    public void DecayedHistory_PutsTheRecentlyIdleProjectFirst()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Quotas(Sched.Quota("a", gpus: 1, decayedGpuSeconds: 1_000_000), Sched.Quota("b", gpus: 1, decayedGpuSeconds: 10))
            .Queue(Sched.Job(1).Project("a").Gpus(1).SubmittedAt(1), Sched.Job(2).Project("b").Gpus(1).SubmittedAt(2))
            .Schedule();

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
    }

    [Fact]
    public void EqualProjects_ShareAlternately_AsJobsAreAdmitted()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Queue(
                Sched.Job(1).Project("a").Gpus(1).SubmittedAt(1), Sched.Job(2).Project("a").Gpus(1).SubmittedAt(2), Sched.Job(3).Project("a").Gpus(1).SubmittedAt(3),
                Sched.Job(4).Project("b").Gpus(1).SubmittedAt(4), Sched.Job(5).Project("b").Gpus(1).SubmittedAt(5), Sched.Job(6).Project("b").Gpus(1).SubmittedAt(6))
            .Schedule();

        Assert.Equal([1L, 2L, 4L, 5L], plan.Admissions.Select(a => a.JobId).Order());
    }

    [Fact]
    public void Priority_ComesBeforeFairShare()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4))
            .Running(Sched.Running(100).Project("a").On("n1", 0, 1, 2))
            .Queue(Sched.Job(1).Project("a").Gpus(1).Priority(1), Sched.Job(2).Project("b").Gpus(1))
            .Schedule();

        Assert.Equal([1L], plan.Admissions.Select(a => a.JobId));
    }
}
