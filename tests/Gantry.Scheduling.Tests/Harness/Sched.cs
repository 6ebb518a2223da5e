using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Tests.Harness;

/// <summary>
/// Fluent builders for the full scheduler's inputs:
/// <c>Sched.Node("n1").Gpus(8)</c>, <c>Sched.Job(1).Gpus(2).Project("a")</c>,
/// <c>Sched.Running(9).On("n1", 0, 1)</c>, <c>Sched.Quota("a", gpus: 4)</c>; and
/// <c>Sched.Cluster(...)</c> for a <see cref="SchedCluster"/> that computes free capacity from what runs.
/// </summary>
public static class Sched
{
    public const string H100 = "NVIDIA H100 80GB HBM3";
    public const string A100 = "NVIDIA A100-SXM4-80GB";
    public const string L40S = "NVIDIA L40S";

    public static SchedNode Node(string name) => new(name);

    public static SchedJob Job(long id) => new(id);

    public static SchedRunning Running(long id) => new(id);

    /// <summary>A quota in GPUs (CPUs and memory unlimited).</summary>
    public static ProjectQuota Quota(string name, double gpus, double? limit = null, string? cohort = null, double weight = 1, double decayedGpuSeconds = 0) =>
        new(name, ResourceVector.Gpus(gpus))
        {
            Limit = limit is null ? null : ResourceVector.Gpus(limit.Value),
            Cohort = cohort,
            Weight = weight,
            DecayedUsage = new ResourceVector((long)(decayedGpuSeconds * 1000), 0, 0),
        };

    public static SchedCluster Cluster(params SchedNode[] nodes) => new(nodes);
}
