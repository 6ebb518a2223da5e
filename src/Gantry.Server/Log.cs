using Gantry.Core.Jobs;

namespace Gantry.Server;

/// <summary>The server's log messages, with fixed event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Scheduling cycle failed")]
    public static partial void SchedulingFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Job {JobId} could not start: {Reason}")]
    public static partial void LaunchFailed(ILogger logger, long jobId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Cancelling job {JobId} failed")]
    public static partial void CancelFailed(ILogger logger, long jobId, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Watching job {JobId} failed")]
    public static partial void WatchFailed(ILogger logger, long jobId, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Job {JobId} finished: {State} (exit code {ExitCode})")]
    public static partial void JobFinished(ILogger logger, long jobId, JobState state, int? exitCode);

    [LoggerMessage(6, LogLevel.Information, "Job {JobId} was still running: re-attached")]
    public static partial void Reattached(ILogger logger, long jobId);

    [LoggerMessage(7, LogLevel.Information, "Gantry listening on {Address}, data in {DataDir}, metadata {Metadata}")]
    public static partial void Listening(ILogger logger, string address, string dataDir, string metadata);

    [LoggerMessage(8, LogLevel.Information, "Pool {Pool}: node {Node} with {Cpus} CPUs, {Memory} memory, {Gpus} accelerators ({Sources})")]
    public static partial void NodeFound(ILogger logger, string pool, string node, int cpus, string memory, int gpus, string sources);

    [LoggerMessage(9, LogLevel.Information, "Preempting job {JobId} for job {ForJobId}: {Reason}")]
    public static partial void Preempting(ILogger logger, long jobId, long forJobId, string reason);

    [LoggerMessage(40, LogLevel.Information, "Job {JobId} bursts to cloud pool {Pool}: estimated wait on-prem {Wait}; estimated extra {ExtraUsdPerHour} USD per hour")]
    public static partial void Burst(ILogger logger, long jobId, string pool, string wait, double extraUsdPerHour);

    [LoggerMessage(41, LogLevel.Information, "Job {JobId}: the engine gave it other GPUs than Gantry recorded; now {Devices}")]
    public static partial void EngineChoseDevices(ILogger logger, long jobId, string devices);
}
