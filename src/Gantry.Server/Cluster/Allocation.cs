namespace Gantry.Server.Cluster;

/// <summary>What a running job holds on its node.</summary>
internal sealed record Allocation(long JobId, string Node, IReadOnlyList<int> Devices, double Cpus, long MemoryBytes);
