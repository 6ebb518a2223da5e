using Microsoft.Extensions.Logging;

namespace Gantry.Execution;

/// <summary>Log lines of the Slurm executor: event ids 1080–1089 and 1100–1109.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1080, Level = LogLevel.Information, Message = "Submitted job {JobId} attempt {Attempt} to Slurm as job {SlurmJobId} on {Nodes}")]
    public static partial void SlurmSubmitted(this ILogger logger, long jobId, int attempt, string slurmJobId, string nodes);

    [LoggerMessage(EventId = 1081, Level = LogLevel.Warning, Message = "Slurm discovery found no usable node: {Reason}")]
    public static partial void SlurmDiscoveryFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1082, Level = LogLevel.Information, Message = "Slurm node {Node} left out: {Reason}")]
    public static partial void SlurmNodeSkipped(this ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 1083, Level = LogLevel.Warning, Message = "Could not read Slurm job states: {Reason}; trying again in {IntervalSeconds} s")]
    public static partial void SlurmPollFailed(this ILogger logger, string reason, double intervalSeconds);

    [LoggerMessage(EventId = 1084, Level = LogLevel.Information, Message = "Slurm job {SlurmJobId} ended: {State}, exit code {ExitCode}, signal {Signal}")]
    public static partial void SlurmJobEnded(this ILogger logger, string slurmJobId, string state, int? exitCode, int? signal);

    [LoggerMessage(EventId = 1085, Level = LogLevel.Information, Message = "Asked Slurm job {SlurmJobId} to stop (SIGTERM); it has {GraceSeconds} s before scancel")]
    public static partial void SlurmTermSent(this ILogger logger, string slurmJobId, double graceSeconds);

    [LoggerMessage(EventId = 1086, Level = LogLevel.Warning, Message = "Slurm job {SlurmJobId} outlived its grace period; cancelling it")]
    public static partial void SlurmKillSent(this ILogger logger, string slurmJobId);

    [LoggerMessage(EventId = 1087, Level = LogLevel.Warning, Message = "Ignoring a handle that is not a Slurm executor handle: {Handle}")]
    public static partial void SlurmBadHandle(this ILogger logger, string handle);

    [LoggerMessage(EventId = 1088, Level = LogLevel.Warning, Message = "scancel of Slurm job {SlurmJobId} failed: {Reason}")]
    public static partial void SlurmCancelFailed(this ILogger logger, string slurmJobId, string reason);

    [LoggerMessage(EventId = 1089, Level = LogLevel.Information, Message = "Submitted {Count} elements of array {ArrayId} attempt {Attempt} to Slurm as array job {SlurmJobId} (tasks {Tasks}) on {Nodes}")]
    public static partial void SlurmArraySubmitted(this ILogger logger, int count, long arrayId, int attempt, string slurmJobId, string tasks, string nodes);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Could not read which GPUs Slurm gave job {SlurmJobId}: {Reason}")]
    public static partial void SlurmDevicesUnknown(this ILogger logger, string slurmJobId, string reason);
}
