namespace Gantry.Planning.Cost;

/// <summary>
/// Resources something held for a span of time: a job attempt, or a deployment's replicas between two scalings. Times are Unix
/// milliseconds; <see cref="EndMs"/> is null while it still holds them. <see cref="Devices"/> are the accelerator
/// indices on <see cref="Node"/>; when unknown, <see cref="Gpus"/> GPUs are priced at the node's mean GPU rate. A job
/// on several nodes is priced at its first node's rates for every node; <see cref="Gang"/> names each node and its
/// devices so that none of them counts as idle.
/// </summary>
public sealed record CostAllocation
{
    /// <summary>What holds the resources: "job" or "deployment".</summary>
    public required string Kind { get; init; }

    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Project { get; init; }

    public required string User { get; init; }

    public required string Pool { get; init; }

    public string? Node { get; init; }

    public IReadOnlyList<int> Devices { get; init; } = [];

    /// <summary>Every node of a multi-node job with the device indices held there; empty for one node.</summary>
    public IReadOnlyList<CostNode> Gang { get; init; } = [];

    public int Gpus { get; init; }

    /// <summary>The share of each GPU held: 1 for whole GPUs, less for a fraction of a shared one.</summary>
    public double GpuShare { get; init; } = 1;

    /// <summary>How many nodes hold these resources each (GPUs, CPUs and memory are per node).</summary>
    public int Nodes { get; init; } = 1;

    public double Cpus { get; init; }

    public long MemoryBytes { get; init; }

    public required long StartMs { get; init; }

    public long? EndMs { get; init; }
}

/// <summary>One node of a multi-node allocation and the device indices held on it.</summary>
public sealed record CostNode(string Node, IReadOnlyList<int> Devices);
