using Gantry.Execution.Telemetry;

namespace Gantry.Server.Monitoring;

/// <summary>Metrics lines read for one job, and how far its metrics file has been read (null: from the API).</summary>
internal sealed record JobMetricsBatch(long JobId, IReadOnlyList<JobMetricLine> Lines, int SkippedLines, long? NewOffset);
