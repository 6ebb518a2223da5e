namespace Gantry.Core.Api.Cost;

/// <summary>A threshold a project's spend crossed in a month; each threshold is recorded once per month.</summary>
public sealed record BudgetAlertView(
    string Project,
    string Month,
    double Threshold,
    double SpentUsd,
    double MonthlyUsd,
    DateTimeOffset At);
