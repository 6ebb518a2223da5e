namespace Gantry.Execution.Telemetry;

/// <summary>
/// A stored reading of one GPU, or the average of <see cref="Samples"/> readings over a bucket that
/// starts at <see cref="AtMs"/>. <see cref="JobId"/> is the job that held the GPU (null: idle).
/// </summary>
public readonly record struct TelemetryPoint(
    string Node,
    int Gpu,
    long? JobId,
    long AtMs,
    int Samples,
    double? UtilizationPercent,
    double? MemoryUsedBytes,
    double? MemoryTotalBytes,
    double? PowerWatts,
    double? EnergyMillijoules,
    double? TemperatureCelsius,
    double? SmClockMhz);
