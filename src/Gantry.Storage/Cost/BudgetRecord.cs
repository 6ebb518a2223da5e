namespace Gantry.Storage.Cost;

/// <summary>A project's monthly budget in USD, its alert thresholds (fractions, comma-separated) and whether it stops new jobs.</summary>
public sealed class BudgetRecord
{
    public required string Project { get; set; }

    public double MonthlyUsd { get; set; }

    /// <summary>Fractions of the budget, invariant culture, comma-separated: "0.5,0.8,1".</summary>
    public required string AlertThresholds { get; set; }

    public bool HardStop { get; set; }

    public long UpdatedAtMs { get; set; }

    public required string UpdatedBy { get; set; }
}
