using Gantry.Execution.Local;

namespace Gantry.Server.Cluster;

/// <summary>
/// One pool beyond this machine's own, bound from <c>Pools:&lt;name&gt;</c> in gantry.yaml. <see cref="Kind"/>
/// picks the executor ("local", "slurm", "kubernetes"); <see cref="Location"/> ("on-prem" or "cloud") and
/// <see cref="Region"/> feed residency rules, burst and cost. The machine's own local pool
/// (<c>Server:LocalPool</c>) takes its location and region from <c>Server:LocalLocation</c>/<c>Server:LocalRegion</c>.
/// </summary>
public sealed class PoolOptions
{
    /// <summary>Which executor runs this pool's jobs. <value>The default value is "local".</value></summary>
    public string Kind { get; set; } = "local";

    /// <summary>"on-prem" or "cloud". <value>The default value is "on-prem".</value></summary>
    public string Location { get; set; } = "on-prem";

    /// <summary>Where the pool's machines are, e.g. "eu-west-1" or "dc1". <value>The default value is "local".</value></summary>
    public string Region { get; set; } = "local";

    /// <summary>Settings when <see cref="Kind"/> is "local": another node of this machine with declared accelerators (tests, demos).</summary>
    public LocalExecutorOptions Local { get; set; } = new() { DiscoverGpus = false };

    /// <summary>Settings when <see cref="Kind"/> is "slurm": partition, account, qos, command prefix, poll interval.</summary>
    public Execution.Slurm.SlurmExecutorOptions Slurm { get; set; } = new();

    /// <summary>Settings when <see cref="Kind"/> is "kubernetes": the cluster, namespace, default image, tolerations.</summary>
    public Gantry.Execution.Kubernetes.KubernetesExecutorOptions Kubernetes { get; set; } = new();
}
