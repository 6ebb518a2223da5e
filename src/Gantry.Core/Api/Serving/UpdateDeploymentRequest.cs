namespace Gantry.Core.Api.Serving;

/// <summary>
/// Changes to a deployment; null fields stay as they are. A new <see cref="Version"/> or any runtime setting is a
/// rolling swap: the new model is loaded and warmed up before the old one stops taking requests.
/// </summary>
public sealed record UpdateDeploymentRequest
{
    public int? Version { get; init; }

    public int? MaxBatch { get; init; }

    public double? MaxDelayMs { get; init; }

    public int? MaxQueueRows { get; init; }

    public double? DeadlineMs { get; init; }

    public string? Device { get; init; }

    public int? IntraOpThreads { get; init; }

    public int? InterOpThreads { get; init; }

    public double? RateLimitRps { get; init; }

    public int? RateLimitBurst { get; init; }

    public long? PredictionQuota { get; init; }
}
