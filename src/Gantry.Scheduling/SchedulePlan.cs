namespace Gantry.Scheduling;

/// <summary>The scheduler's decision: what starts where, and for each job left waiting, why.</summary>
public sealed record SchedulePlan(IReadOnlyList<Placement> Placements, IReadOnlyDictionary<long, string> Waiting);
