namespace Gantry.Execution.Kubernetes;

/// <summary>Where a task's Job stands, as Gantry reads it.</summary>
public enum KubernetesPhase
{
    /// <summary>Created; no pod runs yet (being scheduled, pulling its image).</summary>
    Pending,

    /// <summary>At least one pod runs.</summary>
    Running,

    /// <summary>Every pod completed with exit code 0.</summary>
    Succeeded,

    /// <summary>A pod failed, could not start (its image cannot be pulled, say), or the Job failed.</summary>
    Failed,
}
