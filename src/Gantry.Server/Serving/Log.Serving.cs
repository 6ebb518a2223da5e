namespace Gantry.Server;

/// <summary>The serving module's log messages (event ids 700–749).</summary>
internal static partial class Log
{
    [LoggerMessage(701, LogLevel.Information, "Deployment {Deployment} serves {Model}@{Version} with {Replicas} replicas")]
    public static partial void DeploymentReady(ILogger logger, string deployment, string model, int version, int replicas);

    [LoggerMessage(702, LogLevel.Information, "Deployment {Deployment}: {From} -> {To} replicas ({Why})")]
    public static partial void Scaling(ILogger logger, string deployment, int from, int to, string why);

    [LoggerMessage(703, LogLevel.Warning, "Deployment {Deployment} could not load {Model}@{Version}; the old version keeps serving: {Reason}")]
    public static partial void UpdateFailed(ILogger logger, string deployment, string model, int version, string reason);

    [LoggerMessage(704, LogLevel.Information, "Deployment {Deployment} now serves {Model}@{Version}")]
    public static partial void Swapped(ILogger logger, string deployment, string model, int version);

    [LoggerMessage(705, LogLevel.Error, "Deployment {Deployment}: {What} failed")]
    public static partial void DeploymentChangeFailed(ILogger logger, string deployment, string what, Exception exception);

    [LoggerMessage(706, LogLevel.Error, "Autoscaler step failed")]
    public static partial void AutoscaleFailed(ILogger logger, Exception exception);

    [LoggerMessage(707, LogLevel.Error, "Reading deployments changed by other servers failed")]
    public static partial void DeploymentSyncFailed(ILogger logger, Exception exception);
}
