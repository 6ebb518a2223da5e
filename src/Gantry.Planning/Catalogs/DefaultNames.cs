namespace Gantry.Planning.Catalogs;

/// <summary>The names of the catalog's <c>defaults</c> entries.</summary>
public static class DefaultNames
{
    public const string Pue = "pue";
    public const string ElectricityUsdPerKwh = "electricity_usd_per_kwh";
    public const string AmortizationYears = "amortization_years";
    public const string OperationsFractionPerYear = "operations_fraction_per_year";
    public const string NetworkStorageCapexFraction = "network_storage_capex_fraction";
    public const string IdlePowerFraction = "idle_power_fraction";
    public const string ReservedDiscount = "reserved_discount";
    public const string SpotOverhead = "spot_overhead";
    public const string OnPremUtilization = "onprem_utilization";
    public const string OwnedMaxUtilization = "owned_max_utilization";
    public const string HostPowerFactor = "host_power_factor";
    public const string UsableMemoryFraction = "usable_memory_fraction";
    public const string InterNodeGbpsPerGpu = "inter_node_gbps_per_gpu";
    public const string GlobalBatchTokens = "global_batch_tokens";
    public const string CheckpointsKept = "checkpoints_kept";
    public const string RawTextBytesPerToken = "raw_text_bytes_per_token";

    internal static readonly string[] All =
    [
        Pue, ElectricityUsdPerKwh, AmortizationYears, OperationsFractionPerYear, NetworkStorageCapexFraction,
        IdlePowerFraction, ReservedDiscount, SpotOverhead, OnPremUtilization, OwnedMaxUtilization, HostPowerFactor,
        UsableMemoryFraction, InterNodeGbpsPerGpu, GlobalBatchTokens, CheckpointsKept, RawTextBytesPerToken,
    ];
}
