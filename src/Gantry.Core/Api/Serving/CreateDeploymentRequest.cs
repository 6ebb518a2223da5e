namespace Gantry.Core.Api.Serving;

/// <summary>
/// A new deployment of a registered ONNX model version. Null fields take the server's defaults: version the latest,
/// one replica, <c>max_batch</c> 64 rows, <c>max_delay_ms</c> 2, <c>device</c> cpu. <see cref="MinReplicas"/> below
/// <see cref="MaxReplicas"/> turns autoscaling on; <see cref="MinReplicas"/> 0 lets an idle deployment scale to zero.
/// </summary>
public sealed record CreateDeploymentRequest
{
    public required string Name { get; init; }

    public required string Model { get; init; }

    public int? Version { get; init; }

    public string? Project { get; init; }

    public int? Replicas { get; init; }

    public int? MinReplicas { get; init; }

    public int? MaxReplicas { get; init; }

    public int? MaxBatch { get; init; }

    public double? MaxDelayMs { get; init; }

    public int? MaxQueueRows { get; init; }

    public double? DeadlineMs { get; init; }

    public string? Device { get; init; }

    public int? IntraOpThreads { get; init; }

    public int? InterOpThreads { get; init; }

    /// <summary>Requests per second each token may send to this deployment (overrides Serving:RateLimit:RequestsPerSecond).</summary>
    public double? RateLimitRps { get; init; }

    /// <summary>Requests a token may send at once above the rate (overrides Serving:RateLimit:Burst).</summary>
    public int? RateLimitBurst { get; init; }

    /// <summary>Predictions (rows) each token may ask of this deployment in all (overrides Serving:RateLimit:PredictionQuota); 0 is no limit.</summary>
    public long? PredictionQuota { get; init; }
}
