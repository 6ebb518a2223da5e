namespace Gantry.Planning.Plans;

/// <summary>
/// A fleet to price over a horizon: GPU type, count, average busy share and years. Every other figure comes
/// from the price catalog unless given here; the plan lists each one it used.
/// </summary>
public sealed record TcoPlanInput
{
    public string? Gpu { get; init; }

    public int? Gpus { get; init; }

    /// <summary>Average share of the fleet's GPU-hours doing work, 0 to 1.</summary>
    public double? Utilization { get; init; }

    public double? Years { get; init; }

    public double? ServerUsd { get; init; }

    public int? GpusPerServer { get; init; }

    public double? ServerPowerKw { get; init; }

    public double? AmortizationYears { get; init; }

    public double? OperationsFractionPerYear { get; init; }

    public double? NetworkStorageCapexFraction { get; init; }

    public double? ElectricityUsdPerKwh { get; init; }

    public double? Pue { get; init; }

    public double? IdlePowerFraction { get; init; }

    public double? OnDemandUsdPerGpuHour { get; init; }

    public double? ReservedUsdPerGpuHour { get; init; }

    public double? ReservedDiscount { get; init; }

    public double? SpotUsdPerGpuHour { get; init; }

    public double? SpotOverhead { get; init; }

    /// <summary>GPUs owned in the hybrid option; the average demand (gpus × utilization, rounded up) when null.</summary>
    public int? HybridOwnedGpus { get; init; }

    public double? OwnedMaxUtilization { get; init; }
}
