namespace Gantry.Core.Api.Cost;

/// <summary>
/// The sums of a <see cref="CostReport"/>. <see cref="IdleCost"/>, <see cref="AvailableGpuHours"/> and
/// <see cref="Efficiency"/> (allocated ÷ available GPU-hours, or CPU core-hours where there are no GPUs) describe
/// the whole cluster and are shown to admins only.
/// </summary>
public sealed record CostTotals(
    double GpuHours,
    double CpuHours,
    double RamGibHours,
    double AllocatedCost,
    double? IdleCost,
    double TotalCost,
    double? AvailableGpuHours,
    double? AvailableCpuHours,
    double? Efficiency);
