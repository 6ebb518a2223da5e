using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Policies;

/// <summary>A project during one cycle: its quota, its cohort, and what it uses (updated as jobs are admitted).</summary>
internal sealed class ProjectAccount(string name, ProjectQuota? quota, CohortAccount? cohort)
{
    public string Name { get; } = name;

    public ProjectQuota? Quota { get; } = quota;

    public CohortAccount? Cohort { get; } = cohort;

    public ResourceVector Used { get; set; }

    public double Weight => Quota is null || Quota.Weight <= 0 ? 1 : Quota.Weight;

    public ResourceVector Decayed => Quota?.DecayedUsage ?? ResourceVector.Zero;

    /// <summary>What its running work holds (not this cycle's admissions), less work chosen for preemption in this cycle.</summary>
    public ResourceVector RunningUsed { get; set; }

    /// <summary>Using more than its guaranteed quota, so some of its work runs on borrowed quota.</summary>
    public bool IsBorrowing => Quota is not null && !Used.FitsWithin(Quota.Guaranteed);

    /// <summary>Its running work alone is above its guaranteed quota: that work may be reclaimed (preempted) by lenders.</summary>
    public bool RunsOnBorrowedQuota => Quota is not null && !RunningUsed.FitsWithin(Quota.Guaranteed);
}
