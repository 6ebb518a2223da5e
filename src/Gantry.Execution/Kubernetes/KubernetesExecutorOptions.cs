namespace Gantry.Execution.Kubernetes;

/// <summary>
/// Settings of a pool backed by a Kubernetes cluster (<c>Pools:&lt;name&gt;:Kubernetes</c>); call <see cref="Validate"/> at start-up.
/// </summary>
public sealed class KubernetesExecutorOptions
{
    /// <summary>The kubeconfig file to connect with.</summary>
    /// <value>The default value is null: in-cluster credentials when the server runs in a pod, else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.</value>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use. <value>The default value is null: the file's current context.</value></summary>
    public string? Context { get; set; }

    /// <summary>Use the service account of the pod the server runs in. <value>The default value is <see langword="false"/>.</value></summary>
    public bool InCluster { get; set; }

    /// <summary>The namespace jobs are created in. <value>The default value is "default".</value></summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The container image of jobs whose spec names none. <value>The default value is null: every job must name one.</value></summary>
    public string? Image { get; set; }

    /// <summary>The service account of the jobs' pods. <value>The default value is null: the namespace's default.</value></summary>
    public string? ServiceAccount { get; set; }

    /// <summary>Tolerations added to every pod (GPU nodes are often tainted). <value>The default value is an empty list.</value></summary>
    public IList<KubernetesToleration> Tolerations { get; set; } = [];

    /// <summary>Only nodes with these labels are part of the pool (a label selector, e.g. "gantry.dev/pool=gpu"). <value>The default value is null: every node.</value></summary>
    public string? NodeSelector { get; set; }

    /// <summary>
    /// Pin each pod to the node Gantry's scheduler chose (required node affinity on <c>kubernetes.io/hostname</c>).
    /// <value>The default value is <see langword="true"/>; false leaves the choice of node to the Kubernetes scheduler.</value>
    /// </summary>
    public bool PlaceNodes { get; set; } = true;

    /// <summary>How often a running job's Job and pods are read. <value>The default value is 2 seconds.</value></summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a finished Job is kept before Kubernetes deletes it. <value>The default value is 1 day.</value></summary>
    public TimeSpan KeepFinished { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The port of the rank-0 process of a distributed job (MASTER_PORT). <value>The default value is 29500.</value></summary>
    public int MasterPort { get; set; } = 29500;

    /// <summary>
    /// The shared volume that holds the server's jobs directory, mounted into every pod (see <see cref="KubernetesJobVolume"/>).
    /// <value>The default value is null: pods get an <c>emptyDir</c>, so jobs with dataset inputs or outputs are refused at submit.</value>
    /// </summary>
    public KubernetesJobVolume? JobVolume { get; set; }

    /// <summary>The user id the pods' containers run as (<c>securityContext.runAsUser</c>), e.g. the server's, so they may write the job directory. <value>The default value is null: the image's user.</value></summary>
    public long? RunAsUser { get; set; }

    /// <summary>The group id the pods' containers run as (<c>securityContext.runAsGroup</c>). <value>The default value is null: the image's group.</value></summary>
    public long? RunAsGroup { get; set; }

    /// <summary>The problems of these settings, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!KubernetesNames.IsDnsLabel(Namespace))
            errors.Add($"Namespace '{Namespace}' is not a valid namespace name (lower-case letters, digits and '-', at most 63).");
        if (Image is { } image && string.IsNullOrWhiteSpace(image))
            errors.Add("Image must not be blank.");
        if (PollInterval <= TimeSpan.Zero)
            errors.Add("PollInterval must be positive.");
        if (KeepFinished < TimeSpan.Zero)
            errors.Add("KeepFinished must not be negative.");
        if (MasterPort is < 1 or > 65535)
            errors.Add("MasterPort must be between 1 and 65535.");
        if (InCluster && Kubeconfig is not null)
            errors.Add("set either InCluster or Kubeconfig, not both.");
        if (RunAsUser is < 0)
            errors.Add("RunAsUser must not be negative.");
        if (RunAsGroup is < 0)
            errors.Add("RunAsGroup must not be negative.");
        if (JobVolume is { } volume)
            errors.AddRange(volume.Validate());
        for (var i = 0; i < Tolerations.Count; i++)
        {
            var t = Tolerations[i];
            if (t.Operator is not ("Equal" or "Exists"))
                errors.Add($"Tolerations[{i}].Operator must be Equal or Exists.");
            if (t.Operator == "Equal" && string.IsNullOrEmpty(t.Key))
                errors.Add($"Tolerations[{i}].Key must be set when Operator is Equal.");
            if (t.Effect is not (null or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                errors.Add($"Tolerations[{i}].Effect must be NoSchedule, PreferNoSchedule or NoExecute.");
        }

        return errors;
    }
}
