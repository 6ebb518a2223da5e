namespace Gantry.Scheduling.Model;

/// <summary>What one job holds (or is given) on one node: GPU shares, CPUs in thousandths and memory.</summary>
public sealed record NodeAllocation(string Node, IReadOnlyList<GpuShare> Gpus, long CpuMilli, long MemoryBytes)
{
    /// <summary>The device indices, for <c>CUDA_VISIBLE_DEVICES</c>.</summary>
    public IReadOnlyList<int> DeviceIndices => Gpus.Select(g => g.Index).ToArray();
}
