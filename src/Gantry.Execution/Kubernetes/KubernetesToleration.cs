namespace Gantry.Execution.Kubernetes;

/// <summary>A pod toleration, as in a pod spec: e.g. key <c>nvidia.com/gpu</c>, operator Exists, effect NoSchedule.</summary>
public sealed class KubernetesToleration
{
    /// <summary>The taint key; null with operator Exists tolerates every taint. <value>The default value is null.</value></summary>
    public string? Key { get; set; }

    /// <summary>"Equal" or "Exists". <value>The default value is "Exists".</value></summary>
    public string Operator { get; set; } = "Exists";

    /// <summary>The taint value when the operator is Equal. <value>The default value is null.</value></summary>
    public string? Value { get; set; }

    /// <summary>NoSchedule, PreferNoSchedule or NoExecute; null matches every effect. <value>The default value is null.</value></summary>
    public string? Effect { get; set; }
}
