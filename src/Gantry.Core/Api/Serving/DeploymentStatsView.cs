namespace Gantry.Core.Api.Serving;

/// <summary>
/// How a deployment served and what it cost in a window: totals, latency quantiles (from hourly histograms, so they
/// survive restarts), each UTC hour's throughput and latency, its replica spans, and cost per prediction (USD).
/// </summary>
public sealed record DeploymentStatsView
{
    public required string Name { get; init; }

    public required string Project { get; init; }

    public DateTimeOffset WindowStart { get; init; }

    public DateTimeOffset WindowEnd { get; init; }

    public long Requests { get; init; }

    /// <summary>Rows of the batch dimension answered.</summary>
    public long Predictions { get; init; }

    public long Failures { get; init; }

    public double? LatencyP50Ms { get; init; }

    public double? LatencyP99Ms { get; init; }

    /// <summary>Predictions per second over the window's elapsed time.</summary>
    public double PredictionsPerSecond { get; init; }

    public double CostUsd { get; init; }

    public double? CostPerPrediction { get; init; }

    public required string Currency { get; init; }

    public required IReadOnlyList<DeploymentHourView> Hours { get; init; }

    public required IReadOnlyList<ReplicaSpanView> Replicas { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
