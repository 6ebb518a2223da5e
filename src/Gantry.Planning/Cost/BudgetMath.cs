using System.Globalization;
using Gantry.Core;

namespace Gantry.Planning.Cost;

/// <summary>Budgets are per calendar month in UTC: which month it is, when the next begins, which thresholds spend crossed.</summary>
public static class BudgetMath
{
    public static readonly IReadOnlyList<double> DefaultThresholds = [0.5, 0.8, 1.0];

    public static DateTimeOffset MonthStart(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    public static DateTimeOffset NextMonthStart(DateTimeOffset now) => MonthStart(now).AddMonths(1);

    /// <summary>"2026-05": the key alerts are recorded under.</summary>
    public static string MonthKey(DateTimeOffset now) => MonthStart(now).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The thresholds (fractions of <paramref name="monthlyUsd"/>) that <paramref name="spentUsd"/> has reached.</summary>
    public static IReadOnlyList<double> Crossed(double spentUsd, double monthlyUsd, IEnumerable<double> thresholds) =>
        thresholds.Where(t => spentUsd >= t * monthlyUsd).OrderBy(t => t).ToArray();

    /// <summary>A budget that can be kept: a positive amount and thresholds between 0 (exclusive) and 10.</summary>
    public static GantryError? Check(double monthlyUsd, IReadOnlyList<double>? thresholds)
    {
        if (!double.IsFinite(monthlyUsd) || monthlyUsd <= 0)
            return GantryError.Invalid("monthly_usd must be a positive amount");
        if (thresholds is null)
            return null;
        if (thresholds.Count > 20)
            return GantryError.Invalid("give at most 20 alert_thresholds");
        foreach (var t in thresholds)
        {
            if (!double.IsFinite(t) || t <= 0 || t > 10)
                return GantryError.Invalid($"alert threshold {t.ToString(CultureInfo.InvariantCulture)} must be a fraction of the budget above 0 and at most 10 (0.8 is 80%)");
        }

        return null;
    }

    /// <summary>Sorted and without duplicates; the default set when none is given.</summary>
    public static IReadOnlyList<double> Normalize(IReadOnlyList<double>? thresholds) =>
        thresholds is null ? DefaultThresholds : thresholds.Distinct().Order().ToArray();
}
