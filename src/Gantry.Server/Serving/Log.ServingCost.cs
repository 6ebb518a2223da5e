namespace Gantry.Server;

/// <summary>The serving usage log messages: replica spans and prediction counts (event ids 740–749).</summary>
internal static partial class Log
{
    [LoggerMessage(740, LogLevel.Error, "Deployment {Deployment}: could not record its replica span")]
    public static partial void SpanWriteFailed(ILogger logger, string deployment, Exception exception);

    [LoggerMessage(741, LogLevel.Warning, "Closed {Count} replica spans left open by a crash at their last heartbeat")]
    public static partial void SpansClosedAfterCrash(ILogger logger, int count);

    [LoggerMessage(742, LogLevel.Error, "Serving usage: heartbeat or flush failed; the counts stay in memory for the next try")]
    public static partial void UsageFlushFailed(ILogger logger, Exception exception);
}
