namespace Gantry.Planning.Cost;

/// <summary>The arithmetic of costs: hours inside a window, and resource-hours × rates.</summary>
public static class CostMath
{
    public const double MsPerHour = 3_600_000;

    /// <summary>
    /// Hours of [<paramref name="startMs"/>, <paramref name="endMs"/>) inside [<paramref name="fromMs"/>,
    /// <paramref name="toMs"/>): a span straddling the window is clamped to it; one outside it counts zero.
    /// </summary>
    public static double HoursWithin(long startMs, long endMs, long fromMs, long toMs)
    {
        var start = Math.Max(startMs, fromMs);
        var end = Math.Min(endMs, toMs);
        return end > start ? (end - start) / MsPerHour : 0;
    }

    /// <summary>
    /// What <paramref name="allocation"/> cost inside the window, at <paramref name="rates"/>: for each resource,
    /// amount × hours × rate (GPU-hours = GPUs × share held × hours), times the nodes it spans.
    /// </summary>
    public static AllocationCost Of(CostAllocation allocation, NodeRates rates, long fromMs, long toMs, long nowMs)
    {
        var end = Math.Min(allocation.EndMs ?? nowMs, nowMs);
        var hours = HoursWithin(allocation.StartMs, end, fromMs, toMs);
        var share = allocation.GpuShare;
        var nodes = Math.Max(1, allocation.Nodes);
        double gpuRate;
        int gpus;
        if (allocation.Devices.Count > 0)
        {
            gpus = allocation.Devices.Count;
            gpuRate = allocation.Devices.Sum(rates.GpuRate);
        }
        else
        {
            gpus = allocation.Gpus;
            gpuRate = gpus * rates.FallbackGpuUsdPerHour;
        }

        var gib = allocation.MemoryBytes / RateCard.GibBytes;
        var nodeHours = hours * nodes;
        return new AllocationCost(
            hours,
            gpus * share * nodeHours,
            allocation.Cpus * nodeHours,
            gib * nodeHours,
            gpuRate * share * nodeHours,
            allocation.Cpus * nodeHours * rates.Cpu.UsdPerHour,
            gib * nodeHours * rates.Memory.UsdPerHour);
    }
}
