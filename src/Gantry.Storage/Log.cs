using Microsoft.Extensions.Logging;

namespace Gantry.Storage;

/// <summary>Log messages of the storage layer, with fixed event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Error, "A listener of a committed metadata write failed")]
    public static partial void AfterCommitFailed(ILogger logger, Exception exception);
}
