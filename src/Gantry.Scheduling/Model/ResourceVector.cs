namespace Gantry.Scheduling.Model;

/// <summary>
/// An amount of the three scheduled resources: GPUs in thousandths (1000 = one whole GPU), CPUs in
/// thousandths, and memory in bytes. Arithmetic saturates at <see cref="Unlimited"/>.
/// </summary>
public readonly record struct ResourceVector(long GpuMilli, long CpuMilli, long MemoryBytes)
{
    /// <summary>A dimension this large means "no limit"; sums stop there instead of overflowing.</summary>
    public const long Unlimited = long.MaxValue / 4;

    public static ResourceVector Zero => default;

    /// <summary>No limit on any resource.</summary>
    public static ResourceVector NoLimit => new(Unlimited, Unlimited, Unlimited);

    /// <summary>A quota of <paramref name="gpus"/> GPUs (fractions allowed), with CPUs and memory unlimited.</summary>
    public static ResourceVector Gpus(double gpus) => new((long)Math.Round(gpus * 1000), Unlimited, Unlimited);

    public static ResourceVector operator +(ResourceVector a, ResourceVector b) =>
        new(Add(a.GpuMilli, b.GpuMilli), Add(a.CpuMilli, b.CpuMilli), Add(a.MemoryBytes, b.MemoryBytes));

    public static ResourceVector operator -(ResourceVector a, ResourceVector b) =>
        new(Sub(a.GpuMilli, b.GpuMilli), Sub(a.CpuMilli, b.CpuMilli), Sub(a.MemoryBytes, b.MemoryBytes));

    /// <summary>Whether every dimension is at most the same dimension of <paramref name="limit"/>.</summary>
    public bool FitsWithin(ResourceVector limit) =>
        GpuMilli <= limit.GpuMilli && CpuMilli <= limit.CpuMilli && MemoryBytes <= limit.MemoryBytes;

    /// <summary>The larger of each dimension.</summary>
    public static ResourceVector Max(ResourceVector a, ResourceVector b) =>
        new(Math.Max(a.GpuMilli, b.GpuMilli), Math.Max(a.CpuMilli, b.CpuMilli), Math.Max(a.MemoryBytes, b.MemoryBytes));

    /// <summary>The smaller of each dimension.</summary>
    public static ResourceVector Min(ResourceVector a, ResourceVector b) =>
        new(Math.Min(a.GpuMilli, b.GpuMilli), Math.Min(a.CpuMilli, b.CpuMilli), Math.Min(a.MemoryBytes, b.MemoryBytes));

    /// <summary>Scales each dimension (saturating); used for multi-node jobs (per-node amount × nodes).</summary>
    public ResourceVector Times(int n) => new(Mul(GpuMilli, n), Mul(CpuMilli, n), Mul(MemoryBytes, n));

    private static long Add(long a, long b) => a >= Unlimited || b >= Unlimited ? Unlimited : Math.Min(Unlimited, a + b);

    private static long Sub(long a, long b) => a >= Unlimited ? Unlimited : a - b;

    private static long Mul(long a, int n) => a >= Unlimited ? Unlimited : (long)Math.Min(Unlimited, (double)a * n);
}
