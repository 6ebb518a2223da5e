namespace Gantry.Scheduling.Model;

/// <summary>
/// One GPU of a node as the scheduler sees it. <see cref="FreeMilli"/> is the unallocated share in
/// thousandths (1000 = idle, 0 = fully used); GPUs with the same <see cref="NvLinkGroup"/> (≥ 0) are
/// connected by NVLink; -1 means none known.
/// </summary>
public sealed record GpuState(int Index, string Model, long MemoryBytes = 0, int FreeMilli = 1000, int NvLinkGroup = -1, bool Healthy = true);
