namespace Gantry.Scheduling.Model;

/// <summary>
/// A job that holds resources now. <see cref="ExpectedEnd"/> is its start plus its time limit
/// (null: no limit, so backfill cannot count on it ending). <see cref="Borrowed"/> says it was
/// admitted on quota borrowed from its cohort; <see cref="Terminating"/> says it has been asked
/// to stop (preempted or cancelled) and will free its resources by <see cref="ExpectedEnd"/>.
/// </summary>
public sealed record RunningAllocation(
    long JobId,
    string Project,
    int Priority,
    bool Preemptible,
    double StartTime,
    double? ExpectedEnd,
    IReadOnlyList<NodeAllocation> Placements,
    bool Borrowed = false,
    bool Terminating = false);
