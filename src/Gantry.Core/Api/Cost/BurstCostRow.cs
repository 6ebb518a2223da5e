namespace Gantry.Core.Api.Cost;

/// <summary>
/// One job that burst to a cloud pool: the extra cost over on-premises estimated when it started, per hour and for its
/// time limit, and <see cref="ExtraCostSoFar"/> = per hour × the hours it held the cloud pool inside the report window.
/// </summary>
public sealed record BurstCostRow(
    long JobId,
    string JobName,
    string Project,
    string Pool,
    DateTimeOffset StartedAt,
    double? HomeWaitSeconds,
    double ExtraCostPerHour,
    double? EstimatedExtraCost,
    double ExtraCostSoFar);
