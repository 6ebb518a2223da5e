namespace Gantry.Core.Api.Serving;

/// <summary>
/// A deployment as stored and as it runs now. <see cref="Status"/>: loading, ready, updating, scaled_to_zero or
/// failed (<see cref="Reason"/> says why). <see cref="Replicas"/> is the count asked for now (the autoscaler moves it
/// between <see cref="MinReplicas"/> and <see cref="MaxReplicas"/>).
/// </summary>
public sealed record DeploymentView
{
    public required string Name { get; init; }

    public required string Project { get; init; }

    public required string Model { get; init; }

    public int Version { get; init; }

    /// <summary>The version answering requests now: behind <see cref="Version"/> while a rolling update warms up.</summary>
    public int? ServingVersion { get; init; }

    public required string Status { get; init; }

    public string? Reason { get; init; }

    public int Replicas { get; init; }

    public int ReadyReplicas { get; init; }

    public int MinReplicas { get; init; }

    public int MaxReplicas { get; init; }

    public int MaxBatch { get; init; }

    public double MaxDelayMs { get; init; }

    public int MaxQueueRows { get; init; }

    public double DeadlineMs { get; init; }

    public required string Device { get; init; }

    public int IntraOpThreads { get; init; }

    public int InterOpThreads { get; init; }

    public double? RateLimitRps { get; init; }

    public int? RateLimitBurst { get; init; }

    public long? PredictionQuota { get; init; }

    public int QueuedRequests { get; init; }

    public int QueuedRows { get; init; }

    /// <summary>Where to send inference requests, e.g. <c>/v2/models/digits/infer</c>.</summary>
    public required string Endpoint { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string UpdatedBy { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
