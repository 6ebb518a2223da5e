namespace Gantry.Core.Api.Monitoring;

/// <summary>The values a job reported under one key (loss, accuracy, …), in the order reported.</summary>
public sealed record JobMetricSeries(string Key, IReadOnlyList<JobMetricPoint> Points);
