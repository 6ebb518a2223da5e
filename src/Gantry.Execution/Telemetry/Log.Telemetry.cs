using Microsoft.Extensions.Logging;

namespace Gantry.Execution;

/// <summary>Telemetry log lines: event ids 1070–1089.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1070, Level = LogLevel.Warning, Message = "Telemetry source {Source} failed: {Reason}; retrying each interval")]
    public static partial void TelemetrySourceFailed(this ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Information, Message = "Telemetry source {Source} answers again")]
    public static partial void TelemetrySourceRecovered(this ILogger logger, string source);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Warning, Message = "The {Program} telemetry stream ended ({Failures} times in a row without a reading); restarting it")]
    public static partial void TelemetryStreamEnded(this ILogger logger, string program, int failures);
}
