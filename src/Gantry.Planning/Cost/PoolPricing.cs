namespace Gantry.Planning.Cost;

/// <summary>
/// What configuration says about one pool's prices. Every field is optional: rates given here win; the rest come
/// from the catalog (cloud) or from the pool's cost of ownership (on-premises), with the catalog's sourced defaults.
/// </summary>
public sealed record PoolPricing
{
    public required string Pool { get; init; }

    public PricingKind Kind { get; init; } = PricingKind.OnPrem;

    /// <summary>USD per GPU-hour for every GPU of the pool.</summary>
    public double? GpuUsdPerHour { get; init; }

    /// <summary>USD per GPU-hour by GPU model; a key matches a model that contains it, ignoring case, spaces, '-' and '_'.</summary>
    public IReadOnlyDictionary<string, double> Gpus { get; init; } = new Dictionary<string, double>();

    public double? CpuUsdPerHour { get; init; }

    public double? MemoryUsdPerGibHour { get; init; }

    /// <summary>Cloud: only catalog offers of this provider (aws, gcp, lambda) are considered.</summary>
    public string? Provider { get; init; }

    /// <summary>Cloud: the catalog offer to price GPUs by (its name); by default the cheapest on-demand offer for the model.</summary>
    public string? GpuOffer { get; init; }

    /// <summary>On-premises: the purchase price of each node of the pool.</summary>
    public double? ServerUsd { get; init; }

    /// <summary>On-premises: each node's power draw at full load, kW.</summary>
    public double? ServerPowerKw { get; init; }

    public double? AmortizationYears { get; init; }

    public double? OperationsFractionPerYear { get; init; }

    public double? NetworkStorageCapexFraction { get; init; }

    public double? Pue { get; init; }

    public double? ElectricityUsdPerKwh { get; init; }

    public double? IdlePowerFraction { get; init; }

    /// <summary>On-premises: the average busy share the power draw is estimated at.</summary>
    public double? Utilization { get; init; }
}
