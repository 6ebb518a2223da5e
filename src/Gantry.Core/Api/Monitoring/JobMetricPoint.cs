namespace Gantry.Core.Api.Monitoring;

/// <summary>One value of a job metric.</summary>
public sealed record JobMetricPoint(long? Step, double Value, DateTimeOffset At);
