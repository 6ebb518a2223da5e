namespace Gantry.Core.Api.Cost;

/// <summary>
/// One group of a <see cref="CostReport"/>. Hours are resource-hours inside the window (GPU-hours, CPU core-hours,
/// GiB-hours of memory); costs are USD. <see cref="Efficiency"/> is allocated ÷ available for pool rows, and
/// utilised ÷ allocated GPU-hours for job, project and user rows once GPU telemetry reports it (null until then).
/// <see cref="Project"/>, <see cref="User"/>, <see cref="Pool"/> and <see cref="JobName"/> are set on job rows;
/// <see cref="Project"/>, <see cref="User"/> and <see cref="Pool"/> on deployment rows, with the deployment's
/// <see cref="Predictions"/> in the window and <see cref="CostPerPrediction"/> (total cost ÷ predictions, null without any).
/// </summary>
public sealed record CostRow(
    string Name,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    double GpuHours,
    double CpuHours,
    double RamGibHours,
    double GpuCost,
    double CpuCost,
    double RamCost,
    double TotalCost,
    double? Efficiency = null,
    string? Project = null,
    string? User = null,
    string? Pool = null,
    string? JobName = null,
    long? Predictions = null,
    double? CostPerPrediction = null);
