using Microsoft.Extensions.Logging;

namespace Gantry.Execution;

/// <summary>The Kubernetes executor's log lines: 1090–1099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1090, Level = LogLevel.Information, Message = "Created Kubernetes Job {Namespace}/{Name} for job {JobId} attempt {Attempt} on {Node}")]
    public static partial void KubernetesJobCreated(this ILogger logger, long jobId, int attempt, string @namespace, string name, string node);

    [LoggerMessage(EventId = 1091, Level = LogLevel.Warning, Message = "Could not create a Kubernetes Job for job {JobId} attempt {Attempt}: {Reason}")]
    public static partial void KubernetesLaunchFailed(this ILogger logger, long jobId, int attempt, string reason);

    [LoggerMessage(EventId = 1092, Level = LogLevel.Information, Message = "Kubernetes Job {Name} ended: exit code {ExitCode}, {Reason}")]
    public static partial void KubernetesJobEnded(this ILogger logger, string name, int? exitCode, string? reason);

    [LoggerMessage(EventId = 1093, Level = LogLevel.Information, Message = "Deleted Kubernetes Job {Name} (pods have {GraceSeconds} s to end)")]
    public static partial void KubernetesJobDeleted(this ILogger logger, string name, int graceSeconds);

    [LoggerMessage(EventId = 1094, Level = LogLevel.Warning, Message = "Could not read Kubernetes Job {Name}: {Reason}")]
    public static partial void KubernetesPollFailed(this ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 1095, Level = LogLevel.Warning, Message = "Ignoring a handle that is not a Kubernetes executor handle: {Handle}")]
    public static partial void KubernetesBadHandle(this ILogger logger, string handle);

    [LoggerMessage(EventId = 1096, Level = LogLevel.Information, Message = "Kubernetes node {Node}: {Cpus} CPUs, {MemoryBytes} bytes, {Gpus} GPUs")]
    public static partial void KubernetesNodeFound(this ILogger logger, string node, int cpus, long memoryBytes, int gpus);
}
