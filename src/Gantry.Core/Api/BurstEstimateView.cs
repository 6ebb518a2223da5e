namespace Gantry.Core.Api;

/// <summary>
/// A job's burst to a cloud pool, estimated before (submit response, explain) or recorded after (job view): the
/// pool, the GPU-hour prices compared, the extra cost per hour and for its time limit, and a sentence.
/// <see cref="HomeWaitSeconds"/> is the estimated wait on-premises that made it burst (null: unbounded or not yet).
/// </summary>
public sealed record BurstEstimateView(
    string Pool,
    double? CloudUsdPerGpuHour,
    double? OnPremUsdPerGpuHour,
    double ExtraUsdPerHour,
    double? ExtraUsd,
    string? BurstAfter,
    string Summary)
{
    public double? HomeWaitSeconds { get; init; }

    /// <summary>True once the job did run in the cloud pool (recorded after), false while it is only possible.</summary>
    public bool Happened { get; init; }
}
