namespace Gantry.Server;

/// <summary>Log messages of datasets and models (event ids 4000–4049).</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "Data: blobs in {Blobs}, master key from {KeySource} (current key {KeyId})")]
    public static partial void DataReady(ILogger logger, string blobs, string keySource, string keyId);

    [LoggerMessage(4001, LogLevel.Information, "Created master key file {Path} (mode 0600). Back it up: without it the datasets and models in the blob store cannot be read")]
    public static partial void MasterKeyCreated(ILogger logger, string path);

    [LoggerMessage(4002, LogLevel.Error, "Chunk {Hash} of {Target} could not be read: {Reason}")]
    public static partial void ChunkUnreadable(ILogger logger, string hash, string target, string reason);

    [LoggerMessage(4003, LogLevel.Warning, "Job {JobId}: inputs could not be prepared: {Reason}")]
    public static partial void InputsFailed(ILogger logger, long jobId, string reason);

    [LoggerMessage(4004, LogLevel.Warning, "Job {JobId}: outputs could not be registered: {Reason}")]
    public static partial void OutputsFailed(ILogger logger, long jobId, string reason);

    [LoggerMessage(4005, LogLevel.Information, "Job {JobId}: registered {Target}")]
    public static partial void OutputRegistered(ILogger logger, long jobId, string target);

    [LoggerMessage(4006, LogLevel.Warning, "Recording uploaded chunks failed; clients re-send them on resume")]
    public static partial void PossessionFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(4007, LogLevel.Error, "The blob store already holds chunks but master key file {Path} was just created: chunks stored under the old key cannot be read")]
    public static partial void NewKeyOverOldChunks(ILogger logger, string path);
}
