using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// A job's request in the form placement works with (per node): GPUs and thousandths of each, CPUs
/// in thousandths, memory, gang size, the GPU models it accepts (by model id) and the pools it may use.
/// </summary>
internal readonly record struct JobShape(int Gpus, int Milli, long Cpu, long Memory, int Nodes, bool[] Accepts, PoolSet Pools, string? GpuType)
{
    public bool IsShare => Gpus == 1 && Milli < 1000;

    public bool IsWhole => Gpus > 0 && Milli >= 1000;

    public long GpuMilliPerNode => Gpus * (long)Milli;

    /// <summary>The whole request over all gang members, for quotas and fair share.</summary>
    public ResourceVector Total => new ResourceVector(GpuMilliPerNode, Cpu, Memory).Times(Nodes);

    /// <summary>A key for caches of "does this fit" within one cycle.</summary>
    public ShapeKey Key => new(Gpus, Milli, Cpu, Memory, Nodes, Pools.Key, GpuType);
}
