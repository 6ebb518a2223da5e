namespace Gantry.Core.Api.Monitoring;

/// <summary>A job's own metrics with its usage; <see cref="SkippedLines"/> counts malformed metrics lines.</summary>
public sealed record JobMetricsView(
    long JobId,
    JobUsageView Usage,
    long Points,
    long SkippedLines,
    IReadOnlyList<JobMetricSeries> Series);
