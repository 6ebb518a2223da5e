namespace Gantry.Storage.Cost;

/// <summary>A threshold a project's spend crossed in a month ("2026-05"); the key makes each one recorded once.</summary>
public sealed class BudgetAlertRecord
{
    public required string Project { get; set; }

    public required string Month { get; set; }

    public double Threshold { get; set; }

    public double SpentUsd { get; set; }

    public double MonthlyUsd { get; set; }

    public long AtMs { get; set; }
}
