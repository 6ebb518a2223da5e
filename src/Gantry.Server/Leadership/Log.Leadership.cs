namespace Gantry.Server;

internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Information, "This server leads (metadata {Metadata}): it runs the scheduler and the job reconcilers")]
    public static partial void BecameLeader(ILogger logger, string metadata);

    [LoggerMessage(1301, LogLevel.Information, "Another server leads (metadata {Metadata}): this one serves the API and takes over if the leader goes")]
    public static partial void Following(ILogger logger, string metadata);

    [LoggerMessage(1302, LogLevel.Warning, "Could not reach the metadata database to contend for leadership; retrying")]
    public static partial void LeadershipAttemptFailed(ILogger logger, Exception exception);

    [LoggerMessage(1303, LogLevel.Critical, "Lost the leader's database session: stopping so that exactly one server leads (restart this one to follow)")]
    public static partial void LeadershipLost(ILogger logger, Exception? exception);
}
