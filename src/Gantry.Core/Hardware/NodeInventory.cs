namespace Gantry.Core.Hardware;

/// <summary>What one node has: CPUs, memory, accelerators, and how they were found.</summary>
public sealed record NodeInventory(
    string Name,
    int Cpus,
    long MemoryBytes,
    IReadOnlyList<AcceleratorDevice> Accelerators,
    GpuTopology? Topology,
    IReadOnlyList<string> DiscoveredBy);
