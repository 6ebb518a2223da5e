namespace Gantry.Storage.Telemetry;

/// <summary>
/// A GPU reading (tier 0, one per interval) or an average of readings over a minute (tier 1) or an
/// hour (tier 2), starting at <see cref="AtMs"/>. Compaction moves rows up the tiers as they age.
/// </summary>
public sealed class GpuTelemetryRecord
{
    public long Id { get; set; }

    /// <summary>0: raw readings, 1: minute averages, 2: hour averages.</summary>
    public int Tier { get; set; }

    public required string Node { get; set; }

    public int Gpu { get; set; }

    /// <summary>The job that held the GPU when it was read; null when it was idle.</summary>
    public long? JobId { get; set; }

    public long AtMs { get; set; }

    /// <summary>How many readings this row stands for (1 for raw readings).</summary>
    public int Samples { get; set; }

    public double? Utilization { get; set; }

    public double? MemoryUsedBytes { get; set; }

    public double? MemoryTotalBytes { get; set; }

    public double? PowerWatts { get; set; }

    public double? EnergyMillijoules { get; set; }

    public double? TemperatureCelsius { get; set; }

    public double? SmClockMhz { get; set; }
}
