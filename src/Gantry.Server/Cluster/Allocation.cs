using System.Text.Json;
using Gantry.Core;

namespace Gantry.Server.Cluster;

/// <summary>What a running job holds: on one node, or on each node of a gang (the first is where it was recorded).</summary>
/// <remarks>
/// <see cref="Cpus"/> and <see cref="MemoryBytes"/> are per node; <see cref="GpuMilli"/> is the share of each device held:
/// 1000 for whole GPUs.
/// </remarks>
internal sealed record Allocation(long JobId, IReadOnlyList<NodeDevices> Placements, double Cpus, long MemoryBytes, int GpuMilli = 1000)
{
    public Allocation(long jobId, string node, IReadOnlyList<int> devices, double cpus, long memoryBytes, int gpuMilli = 1000)
        : this(jobId, [new NodeDevices(node, devices)], cpus, memoryBytes, gpuMilli)
    {
    }

    /// <summary>The first (or only) node.</summary>
    public string Node => Placements[0].Node;

    /// <summary>The devices held on the first (or only) node.</summary>
    public IReadOnlyList<int> Devices => Placements[0].Devices;

    /// <summary>Devices held on every node together.</summary>
    public int DeviceCount => Placements.Sum(p => p.Devices.Count);
}

/// <summary>One node of an allocation and the device indices held on it.</summary>
internal sealed record NodeDevices(string Node, IReadOnlyList<int> Devices)
{
    /// <summary>The gang placements stored on a job record (null for a job on one node).</summary>
    public static string? Serialize(IReadOnlyList<NodeDevices> placements) =>
        placements.Count > 1 ? JsonSerializer.Serialize(placements, GantryJson.Options) : null;

    public static IReadOnlyList<NodeDevices>? Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<NodeDevices[]>(json, GantryJson.Options);
}
