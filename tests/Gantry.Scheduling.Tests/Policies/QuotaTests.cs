using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class QuotaTests
{
    private static SchedCluster EightGpus() => Sched.Cluster(Sched.Node("n1").Gpus(8));

    [Fact]
    public void WithinGuaranteed_IsAdmitted_NotBorrowed()
    {
        var plan = EightGpus().Quotas(Sched.Quota("a", gpus: 2))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1))
            .Schedule();

        Assert.Equal(2, plan.Admissions.Count);
        Assert.All(plan.Admissions, a => Assert.False(a.Borrowed));
    }

    [Fact]
    public void WithoutCohort_ProjectStopsAtItsGuaranteedQuota()
    {
        var plan = EightGpus().Quotas(Sched.Quota("a", gpus: 2))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1), Sched.Job(3).Gpus(1))
            .Schedule();

        Assert.Equal([1L, 2L], plan.Admissions.Select(a => a.JobId));
        var e = plan.Explain(3)!;
        Assert.Equal(PendingReason.QuotaLimit, e.Reason);
        Assert.Contains("Project 'a' uses 2 GPUs; guaranteed 2 GPUs", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cohort_LendsIdleQuota_AndTheAdmissionIsMarkedBorrowed()
    {
        var plan = EightGpus().Quotas(Sched.Quota("a", gpus: 1, cohort: "c"), Sched.Quota("b", gpus: 3, cohort: "c"))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1), Sched.Job(3).Gpus(1))
            .Schedule();

        Assert.Equal(3, plan.Admissions.Count);
        Assert.Equal([false, true, true], plan.Admissions.OrderBy(a => a.JobId).Select(a => a.Borrowed));
    }

    [Fact]
    public void Limit_CapsBorrowing_EvenWithIdleQuotaInTheCohort()
    {
        var plan = EightGpus().Quotas(Sched.Quota("a", gpus: 1, limit: 2, cohort: "c"), Sched.Quota("b", gpus: 6, cohort: "c"))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1), Sched.Job(3).Gpus(1))
            .Schedule();

        Assert.Equal(2, plan.Admissions.Count);
        Assert.Equal(PendingReason.QuotaLimit, plan.Explain(3)!.Reason);
    }

    [Fact]
    public void Cohort_WithNothingIdle_RefusesToLend()
    {
        var plan = EightGpus().Quotas(Sched.Quota("a", gpus: 1, cohort: "c"), Sched.Quota("b", gpus: 3, cohort: "c"))
            .Running(Sched.Running(100).Project("b").On("n1", 0, 1, 2))
            .Queue(Sched.Job(1).Gpus(1), Sched.Job(2).Gpus(1))
            .Schedule();

        Assert.Equal([1L], plan.Admissions.Select(a => a.JobId));
        var e = plan.Explain(2)!;
        Assert.Equal(PendingReason.CohortExhausted, e.Reason);
        Assert.Contains("cohort 'c' has 0 GPUs idle", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectWithoutQuota_IsNotLimited()
    {
        var plan = EightGpus().Quotas(Sched.Quota("other", gpus: 1))
            .Queue(Enumerable.Range(1, 8).Select(i => Sched.Job(i).Gpus(1).Project("free")).ToArray())
            .Schedule();

        Assert.Equal(8, plan.Admissions.Count);
    }

    [Fact]
    public void QuotaLimit_Explanation_EstimatesWhenTheProjectsRunningJobsFreeIt()
    {
        var cluster = EightGpus().Quotas(Sched.Quota("a", gpus: 2))
            .Running(Sched.Running(100).On("n1", 0, 1).Ends(1000 + 1800))
            .Queue(Sched.Job(1).Gpus(1));

        var e = cluster.Schedule().Explain(1)!;

        Assert.Equal(PendingReason.QuotaLimit, e.Reason);
        Assert.Equal(2800, e.EstimatedStart);
        Assert.Contains("within about 30 min", e.Describe(), StringComparison.Ordinal);
    }
}
