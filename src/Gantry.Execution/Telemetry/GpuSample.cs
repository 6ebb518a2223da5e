namespace Gantry.Execution.Telemetry;

/// <summary>
/// One reading of one GPU. Every value is optional: a source reports what it can (nvidia-smi has no
/// energy counter, a DCGM exporter may be configured without clocks). Units follow NVML, except
/// memory in bytes.
/// </summary>
/// <param name="Node">The node the GPU is on; null for this machine.</param>
/// <param name="Index">The GPU's index on its node (what <c>CUDA_VISIBLE_DEVICES</c> names).</param>
public sealed record GpuSample(string? Node, int Index)
{
    public string? Uuid { get; init; }

    public string? Model { get; init; }

    /// <summary>Percent of time a kernel ran over the last sample period (NVML's GPU utilisation), 0–100.</summary>
    public double? UtilizationPercent { get; init; }

    public long? MemoryUsedBytes { get; init; }

    public long? MemoryTotalBytes { get; init; }

    public double? PowerWatts { get; init; }

    /// <summary>Energy used since the driver loaded, in millijoules (a counter).</summary>
    public double? EnergyMillijoules { get; init; }

    public double? TemperatureCelsius { get; init; }

    public double? SmClockMhz { get; init; }

    /// <summary>When the reading was taken, when the source knows; otherwise the collector's now.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Free memory, when both used and total are known.</summary>
    public long? MemoryFreeBytes => MemoryTotalBytes is { } total && MemoryUsedBytes is { } used ? Math.Max(0, total - used) : null;
}
