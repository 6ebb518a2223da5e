namespace Gantry.Planning.Cost;

/// <summary>What a node has, as far as pricing cares: CPUs, memory, and its accelerators by index and model.</summary>
public sealed record NodeShape(string Name, string Pool, double Cpus, long MemoryBytes, IReadOnlyList<NodeDevice> Devices);
