namespace Gantry.Core.Jobs;

/// <summary>Validated resources of one job task (per node when <see cref="Nodes"/> &gt; 1).</summary>
public sealed record ResourceRequest(int Gpus, string? GpuType, double Cpus, long MemoryBytes, int Nodes)
{
    public static ResourceRequest Default { get; } = new(0, null, 1, 512L << 20, 1);
}
