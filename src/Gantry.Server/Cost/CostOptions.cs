namespace Gantry.Server.Cost;

/// <summary>Prices per pool and the budget check. Bound from the "Cost" configuration section.</summary>
public sealed class CostOptions
{
    /// <summary>How often budgets are checked for alerts and hard stops. <value>The default value is 1 minute.</value></summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Prices by pool name. <value>The default value is empty: every pool on-premises, priced from the catalog.</value></summary>
    public Dictionary<string, PoolCostOptions> Pools { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
