namespace Gantry.Planning.Plans;

/// <summary>
/// What one way of paying for the work costs: <see cref="Option"/> is on_prem, cloud_on_demand, cloud_reserved,
/// cloud_spot or hybrid, and <see cref="Offer"/> the catalog entry priced. Fields that do not apply are null.
/// </summary>
public sealed record CostOption
{
    public required string Option { get; init; }

    public string? Offer { get; init; }

    /// <summary>The whole run (training) or the whole horizon (TCO), US dollars.</summary>
    public double? TotalUsd { get; init; }

    /// <summary>Dollars per GPU-hour of work done (owned capacity is charged for its idle hours too).</summary>
    public required double UsdPerGpuHour { get; init; }

    public double? UsdPerYear { get; init; }

    public double? UsdPerHour { get; init; }

    public double? UsdPerMillionTokens { get; init; }

    public IReadOnlyDictionary<string, double>? Breakdown { get; init; }

    /// <summary>When the price was read.</summary>
    public string? Read { get; init; }

    public string? Source { get; init; }
}
