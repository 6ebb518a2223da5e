namespace Gantry.Core.Api.Monitoring;

/// <summary>
/// A GPU's telemetry over one step starting at <see cref="At"/>: averages of the readings in it.
/// <see cref="Allocated"/> is the fraction of readings taken while a job held the GPU.
/// </summary>
public sealed record GpuTelemetryPoint(
    DateTimeOffset At,
    int Samples,
    double? Utilization,
    long? MemoryUsedBytes,
    long? MemoryTotalBytes,
    double? PowerWatts,
    double? EnergyMillijoules,
    double? TemperatureCelsius,
    double? SmClockMhz,
    double Allocated);
