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

    /// <summary>Using more than its guaranteed quota, so some of its work runs on borrowed quota.</summary>
    public bool IsBorrowing => Quota is not null && !Used.FitsWithin(Quota.Guaranteed);
}
