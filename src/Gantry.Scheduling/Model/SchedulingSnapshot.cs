namespace Gantry.Scheduling.Model;

/// <summary>
/// Everything one scheduling cycle needs, frozen: the time now (seconds on any fixed scale, the same
/// as the jobs' start, end and submit times), the nodes, the projects' quotas, what runs and what
/// waits. The scheduler reads it and returns a <see cref="Plan"/>; it never changes it.
/// </summary>
public sealed record SchedulingSnapshot(double Now, IReadOnlyList<NodeSnapshot> Nodes, IReadOnlyList<QueuedJob> Queue)
{
    public IReadOnlyList<RunningAllocation> Running { get; init; } = [];

    /// <summary>Projects with quotas; a project not listed has no quota (no limit, weight 1, no cohort).</summary>
    public IReadOnlyList<ProjectQuota> Projects { get; init; } = [];

    /// <summary>The expected mix of task shapes for fragmentation-aware placement; null = derived from the queue and what runs.</summary>
    public IReadOnlyList<WorkloadClass>? WorkloadMix { get; init; }

    /// <summary>An id the caller gives this cycle, echoed in the plan (for logs).</summary>
    public long CycleId { get; init; }

    /// <summary>
    /// A job with <see cref="QueuedJob.BurstPools"/> goes there when its estimated wait in its own pools is longer
    /// than this (seconds); null = no job bursts.
    /// </summary>
    public double? BurstAfterSeconds { get; init; }
}
