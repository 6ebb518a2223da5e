namespace Gantry.Core.Api.Cost;

/// <summary>A project's budget and its spend in the current calendar month (UTC).</summary>
public sealed record BudgetView(
    string Project,
    double MonthlyUsd,
    IReadOnlyList<double> AlertThresholds,
    bool HardStop,
    string Month,
    double SpentUsd,
    double SpentFraction,
    bool RefusingJobs,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);
