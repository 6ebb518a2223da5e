using k8s.Models;

namespace Gantry.Execution.Kubernetes;

/// <summary>
/// Reads a Job and its pods into one <see cref="KubernetesTaskStatus"/> (pure, unit-tested). The Job's conditions
/// decide success and failure; the pods explain a failure (exit code, OOMKilled, eviction) and reveal a pod that can
/// never start (ImagePullBackOff, a bad image name, a missing secret), which the Job itself would wait on forever.
/// </summary>
public static class JobStatusMapper
{
    /// <summary>Container waiting reasons that will not resolve by themselves: the task has failed.</summary>
    private static readonly HashSet<string> FatalWaiting = new(StringComparer.Ordinal)
    {
        "ErrImagePull",
        "ImagePullBackOff",
        "InvalidImageName",
        "ErrImageNeverPull",
        "CreateContainerConfigError",
        "CreateContainerError",
        "CrashLoopBackOff",
    };

    public static KubernetesTaskStatus Map(V1Job? job, IReadOnlyList<V1Pod> pods)
    {
        if (job is null)
            return new KubernetesTaskStatus(KubernetesPhase.Failed, Reason: "the Kubernetes Job is gone (deleted outside Gantry)") { JobGone = true };
        var conditions = job.Status?.Conditions ?? [];
        if (conditions.Any(c => IsTrue(c, "Complete")))
            return new KubernetesTaskStatus(KubernetesPhase.Succeeded, 0);
        var failed = conditions.FirstOrDefault(c => IsTrue(c, "Failed") || IsTrue(c, "FailureTarget"));
        if (PodFailure(pods) is { } podFailure)
            return podFailure;
        if (failed is not null)
            return new KubernetesTaskStatus(KubernetesPhase.Failed, Reason: Words(failed.Reason, failed.Message) ?? "the Kubernetes Job failed");
        var completions = job.Spec?.Completions ?? 1;
        if ((job.Status?.Succeeded ?? 0) >= completions && completions > 0)
            return new KubernetesTaskStatus(KubernetesPhase.Succeeded, 0);
        if ((job.Status?.Active ?? 0) > 0 && pods.Any(p => p.Status?.Phase == "Running"))
            return new KubernetesTaskStatus(KubernetesPhase.Running);
        return new KubernetesTaskStatus(pods.Any(p => p.Status?.Phase == "Running") ? KubernetesPhase.Running : KubernetesPhase.Pending);
    }

    /// <summary>The first pod that failed or can never start, as a failure with its exit code and reason.</summary>
    private static KubernetesTaskStatus? PodFailure(IReadOnlyList<V1Pod> pods)
    {
        foreach (var pod in pods.OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal))
        {
            var name = pod.Metadata?.Name ?? "a pod";
            foreach (var container in pod.Status?.ContainerStatuses ?? [])
            {
                if (container.State?.Terminated is { } end && end.ExitCode != 0)
                {
                    var why = end.Reason == "OOMKilled"
                        ? $"pod {name} was killed for using more memory than its limit (OOMKilled)"
                        : $"pod {name} exited with code {end.ExitCode}" + (Words(end.Reason, end.Message) is { } w ? $": {w}" : "");
                    return new KubernetesTaskStatus(KubernetesPhase.Failed, end.ExitCode, end.Signal, why);
                }

                if (container.State?.Waiting is { Reason: { } reason } waiting && FatalWaiting.Contains(reason))
                {
                    var what = reason is "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName" or "ErrImageNeverPull"
                        ? $"pod {name} cannot start: image '{container.Image}' could not be pulled ({reason})"
                        : $"pod {name} cannot start ({reason})";
                    return new KubernetesTaskStatus(KubernetesPhase.Failed, Reason: string.IsNullOrEmpty(waiting.Message) ? what : $"{what}: {waiting.Message}");
                }
            }

            if (pod.Status?.Phase == "Failed")
                return new KubernetesTaskStatus(KubernetesPhase.Failed, Reason: $"pod {name} failed" + (Words(pod.Status.Reason, pod.Status.Message) is { } w ? $": {w}" : ""));
        }

        return null;
    }

    private static bool IsTrue(V1JobCondition c, string type) => c.Type == type && c.Status == "True";

    private static string? Words(string? reason, string? message) =>
        (string.IsNullOrEmpty(reason), string.IsNullOrEmpty(message)) switch
        {
            (false, false) => $"{reason}: {message}",
            (false, true) => reason,
            (true, false) => message,
            _ => null,
        };
}
