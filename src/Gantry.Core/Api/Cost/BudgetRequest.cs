namespace Gantry.Core.Api.Cost;

/// <summary>
/// A project's monthly budget in USD. <see cref="AlertThresholds"/> are fractions of it (default 0.5, 0.8, 1.0);
/// with <see cref="HardStop"/> new jobs are refused once the month's spend reaches the budget.
/// </summary>
public sealed record BudgetRequest(double MonthlyUsd, IReadOnlyList<double>? AlertThresholds = null, bool? HardStop = null);
