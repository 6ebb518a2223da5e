using Microsoft.Extensions.Logging;

namespace Gantry.Execution;

/// <summary>Every log line of this assembly, source-generated, with fixed event ids 1000–1099.</summary>
internal static partial class Log
{
    // Local executor: 1000–1029.
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Launched job {JobId} attempt {Attempt} as process group {Pid} on {Node}")]
    public static partial void TaskLaunched(this ILogger logger, long jobId, int attempt, int pid, string node);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Could not launch job {JobId} attempt {Attempt}: {Reason}")]
    public static partial void LaunchFailed(this ILogger logger, long jobId, int attempt, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Process group {Pid} ({JobDirectory} attempt {Attempt}) ended: exit code {ExitCode}, signal {Signal}")]
    public static partial void TaskExited(this ILogger logger, int pid, string jobDirectory, int attempt, int? exitCode, int? signal);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Sent SIGTERM to process group {Pid}; it has {GraceSeconds} s to end")]
    public static partial void TermSent(this ILogger logger, int pid, double graceSeconds);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Process group {Pid} outlived its grace period; sending SIGKILL")]
    public static partial void KillSent(this ILogger logger, int pid);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Could not signal process group {Pid} with signal {Signal}: errno {Errno}")]
    public static partial void SignalFailed(this ILogger logger, int pid, int signal, int errno);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Ignoring a handle that is not a local executor handle: {Handle}")]
    public static partial void BadHandle(this ILogger logger, string handle);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Process {Pid} now belongs to another program (start time {Actual}, expected {Expected}); its task is gone")]
    public static partial void PidReused(this ILogger logger, int pid, ulong actual, ulong expected);

    // Discovery: 1030–1069.
    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Discovered node {Node}: {Cpus} CPUs, {MemoryBytes} bytes of memory, {Accelerators} accelerators via {Sources}")]
    public static partial void NodeDiscovered(this ILogger logger, string node, int cpus, long memoryBytes, int accelerators, string sources);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Debug, Message = "NVML is not available: {Reason}")]
    public static partial void NvmlUnavailable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Warning, Message = "NVML call {Function} failed with code {Code}")]
    public static partial void NvmlCallFailed(this ILogger logger, string function, int code);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Debug, Message = "{Program} is not installed; skipping it")]
    public static partial void ProgramMissing(this ILogger logger, string program);

    [LoggerMessage(EventId = 1034, Level = LogLevel.Warning, Message = "{Program} did not answer within {TimeoutSeconds} s and was killed")]
    public static partial void CommandTimedOut(this ILogger logger, string program, double timeoutSeconds);

    [LoggerMessage(EventId = 1035, Level = LogLevel.Warning, Message = "{Program} exited with code {ExitCode}: {Stderr}")]
    public static partial void CommandFailed(this ILogger logger, string program, int exitCode, string stderr);

    [LoggerMessage(EventId = 1036, Level = LogLevel.Warning, Message = "Could not start {Program}: {Reason}")]
    public static partial void CommandStartFailed(this ILogger logger, string program, string reason);

    [LoggerMessage(EventId = 1037, Level = LogLevel.Warning, Message = "Could not understand the output of {Program}: {Reason}")]
    public static partial void OutputNotUnderstood(this ILogger logger, string program, string reason);

    [LoggerMessage(EventId = 1038, Level = LogLevel.Warning, Message = "Ignoring declared accelerator {Model}: {Reason}")]
    public static partial void DeclaredAcceleratorIgnored(this ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 1039, Level = LogLevel.Debug, Message = "Could not read {Path}: {Reason}")]
    public static partial void SystemFileUnreadable(this ILogger logger, string path, string reason);
}
