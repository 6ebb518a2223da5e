namespace Gantry.Execution.Kubernetes;

/// <summary>The state of one task attempt's Job: its phase and, once it failed, the exit code, signal and reason.</summary>
public sealed record KubernetesTaskStatus(KubernetesPhase Phase, int? ExitCode = null, int? Signal = null, string? Reason = null)
{
    /// <summary>True when the Job itself could not be found (deleted, or removed after <c>ttlSecondsAfterFinished</c>).</summary>
    public bool JobGone { get; init; }

    public bool IsFinal => Phase is KubernetesPhase.Succeeded or KubernetesPhase.Failed;

    /// <summary>How the task ended, or null while it has not.</summary>
    public TaskExit? ToExit() => Phase switch
    {
        KubernetesPhase.Succeeded => new TaskExit(0, null, null),
        // A failure must not read as success: a pod that failed without a container exit code has none (null).
        KubernetesPhase.Failed => new TaskExit(ExitCode is 0 ? null : ExitCode, Signal, Reason ?? "the Kubernetes Job failed"),
        _ => null,
    };
}
