namespace Gantry.Scheduling.Model;

/// <summary>
/// A project's share of the cluster (Kueue's ClusterQueue, Slurm's account). It may always use
/// <see cref="Guaranteed"/>; above that it borrows idle guaranteed quota of the other projects in
/// its <see cref="Cohort"/> (none: no borrowing), never beyond <see cref="Limit"/> (null: no cap
/// but what the cohort lends). <see cref="Weight"/> scales its fair share;
/// <see cref="DecayedUsage"/> is its recent use (resource-seconds with exponential decay, see
/// <see cref="UsageDecay"/>), so a team that used little lately goes first.
/// </summary>
public sealed record ProjectQuota(string Name, ResourceVector Guaranteed)
{
    public ResourceVector? Limit { get; init; }

    public string? Cohort { get; init; }

    public double Weight { get; init; } = 1;

    public ResourceVector DecayedUsage { get; init; }
}
