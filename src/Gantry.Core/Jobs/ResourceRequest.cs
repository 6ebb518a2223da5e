namespace Gantry.Core.Jobs;

/// <summary>Validated resources of one job task (per node when <see cref="Nodes"/> &gt; 1).</summary>
public sealed record ResourceRequest(int Gpus, string? GpuType, double Cpus, long MemoryBytes, int Nodes)
{
    /// <summary>Thousandths of each GPU the job holds: 1000 for whole GPUs, less for a shared one.</summary>
    public int GpuMilli { get; init; } = 1000;

    public static ResourceRequest Default { get; } = new(0, null, 1, 512L << 20, 1);
}
