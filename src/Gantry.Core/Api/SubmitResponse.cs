namespace Gantry.Core.Api;

/// <summary>The ids a submission created; for an array, one per task, and the array's id.</summary>
public sealed record SubmitResponse(IReadOnlyList<long> JobIds, long? ArrayId)
{
    /// <summary>For a job that may burst (burst: true): where to and the estimated extra cost, shown before it runs.</summary>
    public BurstEstimateView? Burst { get; init; }
}
