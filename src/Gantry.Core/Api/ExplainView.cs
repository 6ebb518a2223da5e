using Gantry.Core.Jobs;

namespace Gantry.Core.Api;

/// <summary>
/// Why a job is where it is, in words (<see cref="Summary"/>), with the structured parts: its
/// place in the queue, the scheduler's reason, the jobs ahead and the estimated start.
/// </summary>
public sealed record ExplainView(
    long JobId,
    JobState State,
    string Summary,
    int? Position,
    string? Reason,
    IReadOnlyList<long> Ahead,
    DateTimeOffset? EstimatedStart,
    DateTimeOffset? DecidedAt)
{
    /// <summary>For a job that may burst or did: the cloud pool and the estimated extra cost.</summary>
    public BurstEstimateView? Burst { get; init; }
}
