namespace Gantry.Scheduling.Model;

/// <summary>
/// Start job <see cref="JobId"/> now on these nodes (one entry per gang member). <see cref="Borrowed"/>:
/// admitted on quota borrowed from the cohort, so it may be preempted when the lender needs it back.
/// </summary>
public sealed record Admission(long JobId, IReadOnlyList<NodeAllocation> Placements, bool Borrowed, int Position)
{
    /// <summary>Set when the job was placed in one of its burst pools: why (its estimated wait at home).</summary>
    public BurstDecision? Burst { get; init; }
}
