namespace Gantry.Scheduling.Model;

/// <summary>
/// A node: its pool, its GPUs with their free shares, and its CPUs (thousandths) and memory, both
/// in total and free now. An unschedulable (cordoned, draining) node keeps its running work but
/// takes nothing new.
/// </summary>
public sealed record NodeSnapshot(
    string Name,
    string Pool,
    IReadOnlyList<GpuState> Gpus,
    long CpuMilli,
    long MemoryBytes,
    long FreeCpuMilli,
    long FreeMemoryBytes,
    bool Schedulable = true)
{
    /// <summary>An idle node: everything free.</summary>
    public static NodeSnapshot Idle(string name, string pool, IReadOnlyList<GpuState> gpus, long cpuMilli, long memoryBytes) =>
        new(name, pool, gpus, cpuMilli, memoryBytes, cpuMilli, memoryBytes);
}
