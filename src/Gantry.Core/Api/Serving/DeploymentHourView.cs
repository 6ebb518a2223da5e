namespace Gantry.Core.Api.Serving;

/// <summary>One UTC hour of a deployment (all versions): throughput over the hour's elapsed part, and latency quantiles.</summary>
public sealed record DeploymentHourView(
    DateTimeOffset Hour,
    long Requests,
    long Predictions,
    long Failures,
    double PredictionsPerSecond,
    double? LatencyP50Ms,
    double? LatencyP99Ms);
