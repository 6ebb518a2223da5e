namespace Gantry.Execution.Kubernetes;

/// <summary>
/// How an attempt ended when both Kubernetes and the job directory have a say (pure, unit-tested). The exit file is
/// the command's own status, written by <see cref="PodWrapper"/>; the Job and its pods know what the file cannot
/// (OOMKilled, an eviction, an image that never pulled) but forget: a Job is deleted after
/// <c>ttlSecondsAfterFinished</c>, its pods may be garbage-collected earlier.
/// </summary>
public static class PodExit
{
    /// <summary>
    /// <paramref name="ended"/> as Kubernetes reports it, unless the exit file (<paramref name="recorded"/>) knows more:
    /// when the Job is gone the file decides; when the Job failed without a container exit code (its pods are gone) a
    /// failed command's status replaces the unknown code.
    /// </summary>
    public static TaskExit Combine(KubernetesTaskStatus status, TaskExit ended, TaskExit? recorded)
    {
        if (recorded is null)
            return ended;
        if (status.JobGone)
            return recorded;
        if (status.Phase == KubernetesPhase.Failed && status.ExitCode is null && !recorded.Succeeded)
            return recorded with { Reason = $"{recorded.Reason} ({ended.Reason})" };
        return ended;
    }
}
