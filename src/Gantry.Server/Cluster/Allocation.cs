namespace Gantry.Server.Cluster;

/// <summary>What a running job holds on its node.</summary>
/// <remarks><see cref="GpuMilli"/> is the share of each device held: 1000 for whole GPUs.</remarks>
internal sealed record Allocation(long JobId, string Node, IReadOnlyList<int> Devices, double Cpus, long MemoryBytes, int GpuMilli = 1000);
