namespace Gantry.Server.Cost;

/// <summary>
/// One pool's prices (<c>Cost:Pools:&lt;pool&gt;</c>). Rates given here win; whatever is left is derived: from
/// the catalog's on-demand prices for a cloud pool, from the node's cost of ownership for an on-premises one.
/// </summary>
public sealed class PoolCostOptions
{
    /// <summary>"on_prem" or "cloud". <value>The default value is "on_prem".</value></summary>
    public string Kind { get; set; } = "on_prem";

    /// <summary>USD per GPU-hour for every GPU of the pool. <value>The default value is null: derived.</value></summary>
    public double? GpuUsdPerHour { get; set; }

    /// <summary>USD per GPU-hour by GPU model (a key matches a model containing it). <value>The default value is empty.</value></summary>
    public Dictionary<string, double> Gpus { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>USD per CPU core-hour. <value>The default value is null: derived.</value></summary>
    public double? CpuUsdPerHour { get; set; }

    /// <summary>USD per GiB-hour of memory. <value>The default value is null: derived.</value></summary>
    public double? MemoryUsdPerGibHour { get; set; }

    /// <summary>Cloud: only the catalog offers of this provider (aws, gcp, lambda). <value>The default value is null: any provider.</value></summary>
    public string? Provider { get; set; }

    /// <summary>Cloud: the catalog offer to price GPUs by. <value>The default value is null: the cheapest on-demand offer for the model.</value></summary>
    public string? GpuOffer { get; set; }

    /// <summary>On-premises: purchase price of each node, USD. <value>The default value is null: the catalog's server price per GPU × GPUs.</value></summary>
    public double? ServerUsd { get; set; }

    /// <summary>On-premises: each node's power at full load, kW. <value>The default value is null: from the catalog.</value></summary>
    public double? ServerPowerKw { get; set; }

    /// <summary><value>The default value is null: the catalog's amortization_years (5).</value></summary>
    public double? AmortizationYears { get; set; }

    /// <summary><value>The default value is null: the catalog's operations_fraction_per_year (0.10).</value></summary>
    public double? OperationsFractionPerYear { get; set; }

    /// <summary><value>The default value is null: the catalog's network_storage_capex_fraction (0.20).</value></summary>
    public double? NetworkStorageCapexFraction { get; set; }

    /// <summary><value>The default value is null: the catalog's pue (1.58).</value></summary>
    public double? Pue { get; set; }

    /// <summary><value>The default value is null: the catalog's electricity_usd_per_kwh (0.19).</value></summary>
    public double? ElectricityUsdPerKwh { get; set; }

    /// <summary><value>The default value is null: the catalog's idle_power_fraction (0.30).</value></summary>
    public double? IdlePowerFraction { get; set; }

    /// <summary>Busy share the power draw is estimated at. <value>The default value is null: the catalog's onprem_utilization (0.60).</value></summary>
    public double? Utilization { get; set; }
}
