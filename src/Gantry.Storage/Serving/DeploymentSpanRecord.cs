namespace Gantry.Storage.Serving;

/// <summary>
/// A stretch of time a deployment held a fixed number of replicas of one model version: what each replica held (CPUs,
/// memory, GPUs on <see cref="Node"/>) from <see cref="StartMs"/> to <see cref="EndMs"/> (null while open). The server
/// moves <see cref="LastSeenMs"/> forward on open spans while it runs, so a span left open by a crash is closed there,
/// never at the restart. Times are Unix ms.
/// </summary>
public sealed class DeploymentSpanRecord
{
    public long Id { get; set; }

    public required string Deployment { get; set; }

    public required string Project { get; set; }

    /// <summary>Who created the deployment: the user its cost is charged to.</summary>
    public required string User { get; set; }

    public required string Model { get; set; }

    public int ModelVersion { get; set; }

    public int Replicas { get; set; }

    public double CpusPerReplica { get; set; }

    public long MemoryBytesPerReplica { get; set; }

    /// <summary>GPUs the deployment holds while it has replicas (its replicas share them).</summary>
    public int Gpus { get; set; }

    /// <summary>"cpu" or "cuda:N".</summary>
    public required string Device { get; set; }

    public string? Node { get; set; }

    /// <summary>Accelerator indices on <see cref="Node"/>, comma-separated; null for CPU replicas.</summary>
    public string? Devices { get; set; }

    public long StartMs { get; set; }

    public long? EndMs { get; set; }

    public long LastSeenMs { get; set; }
}
