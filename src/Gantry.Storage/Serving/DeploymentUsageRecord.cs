namespace Gantry.Storage.Serving;

/// <summary>
/// What one deployment's version answered in one UTC hour: requests answered with outputs, the predictions in them
/// (rows of the batch dimension), requests refused or failed, and a histogram of the answered requests' latency
/// (counts per bucket of <see cref="LatencyBuckets"/>, comma-separated, the last one above the largest bound).
/// </summary>
public sealed class DeploymentUsageRecord
{
    public required string Deployment { get; set; }

    public int ModelVersion { get; set; }

    /// <summary>The start of the hour, Unix ms.</summary>
    public long HourMs { get; set; }

    public required string Project { get; set; }

    public long Requests { get; set; }

    public long Predictions { get; set; }

    public long Failures { get; set; }

    public double LatencySumSeconds { get; set; }

    public required string LatencyCounts { get; set; }

    /// <summary>Upper bounds (seconds) of the latency histogram's buckets; a last bucket counts everything slower.</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
