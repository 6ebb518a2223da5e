namespace Gantry.Core.Api.Monitoring;

/// <summary>
/// How a job used its GPUs: a utilisation series per GPU it held (readings taken while it held
/// them), its average utilisation and its GPU-hours.
/// </summary>
public sealed record JobGpuUsageView(
    long JobId,
    double GpuHours,
    double? AverageUtilization,
    double StepSeconds,
    IReadOnlyList<GpuTelemetrySeries> Gpus);
