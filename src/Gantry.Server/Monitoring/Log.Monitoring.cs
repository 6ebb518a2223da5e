namespace Gantry.Server;

/// <summary>Monitoring log lines: event ids 600–629.</summary>
internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Information, "GPU telemetry: reading {Sources} every {IntervalSeconds} s")]
    public static partial void TelemetryStarted(ILogger logger, string sources, double intervalSeconds);

    [LoggerMessage(601, LogLevel.Information, "GPU telemetry: nothing to read on this machine ({Reason}); the collector stays idle")]
    public static partial void TelemetryIdle(ILogger logger, string reason);

    [LoggerMessage(602, LogLevel.Warning, "GPU telemetry source {Source} failed")]
    public static partial void TelemetryReadFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(603, LogLevel.Error, "GPU telemetry collection failed")]
    public static partial void TelemetryCollectFailed(ILogger logger, Exception exception);

    [LoggerMessage(604, LogLevel.Information, "GPU telemetry compacted: {Raw} readings into minute averages, {Minutes} minute averages into hour averages")]
    public static partial void TelemetryCompacted(ILogger logger, int raw, int minutes);

    [LoggerMessage(605, LogLevel.Error, "Reading job metrics failed")]
    public static partial void JobMetricsFailed(ILogger logger, Exception exception);

    [LoggerMessage(606, LogLevel.Warning, "Job {JobId}: {Skipped} metrics lines were not valid JSON metrics and were skipped")]
    public static partial void JobMetricLinesSkipped(ILogger logger, long jobId, int skipped);
}
