namespace Gantry.Core.Api.Cost;

/// <summary>
/// The rates in force on one node: per GPU-hour by model, per CPU core-hour, per GiB-hour of memory. On-premises
/// nodes show the node's hourly cost of ownership and the derivation, line by line.
/// </summary>
public sealed record NodePricesView(
    string Node,
    string Pool,
    string Kind,
    IReadOnlyList<GpuRateView> Gpus,
    RateView Cpu,
    RateView Memory,
    double? NodeUsdPerHour,
    IReadOnlyList<string> Derivation);
