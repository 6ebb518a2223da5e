namespace Gantry.Core.Api.Serving;

/// <summary>
/// A stretch of time a deployment held <see cref="Replicas"/> replicas of one version, each holding
/// <see cref="CpusPerReplica"/> CPUs and <see cref="MemoryBytesPerReplica"/> bytes, plus <see cref="Gpus"/> shared GPUs;
/// <see cref="End"/> is null while it lasts.
/// </summary>
public sealed record ReplicaSpanView(
    DateTimeOffset Start,
    DateTimeOffset? End,
    DateTimeOffset LastSeen,
    int Version,
    int Replicas,
    double CpusPerReplica,
    long MemoryBytesPerReplica,
    int Gpus,
    string Device,
    string? Node,
    double CostUsd);
