using System.Globalization;
using Gantry.Core;
using Gantry.Core.Text;
using Gantry.Planning.Cost;

namespace Gantry.Server.Cost;

/// <summary>The window of a report: since and until as ISO-8601 times, durations ago (30d, 24h), or "month" (this calendar month, UTC).</summary>
internal static class CostWindow
{
    public static Outcome<(long FromMs, long ToMs)> Parse(string? since, string? until, DateTimeOffset now)
    {
        var from = ParseTime(since ?? "30d", "since", now);
        if (!from.IsOk)
            return from.Error;
        var to = now.ToUnixTimeMilliseconds();
        if (until is not null)
        {
            var parsed = ParseTime(until, "until", now);
            if (!parsed.IsOk)
                return parsed.Error;
            to = parsed.Value;
        }

        if (from.Value >= to)
            return GantryError.Invalid("since must be before until");
        return (from.Value, to);
    }

    public static Outcome<CostGrouping> ParseBy(string? by) => (by ?? "project").Trim().ToLowerInvariant() switch
    {
        "project" => CostGrouping.Project,
        "user" => CostGrouping.User,
        "job" => CostGrouping.Job,
        "pool" => CostGrouping.Pool,
        "deployment" => CostGrouping.Deployment,
        _ => GantryError.Invalid($"by '{by}' is not one of project, user, job, pool, deployment"),
    };

    private static Outcome<long> ParseTime(string? text, string what, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
            return GantryError.Invalid($"{what} must not be empty");
        if (string.Equals(text.Trim(), "month", StringComparison.OrdinalIgnoreCase))
            return BudgetMath.MonthStart(now).ToUnixTimeMilliseconds();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at.ToUnixTimeMilliseconds();
        var ago = DurationText.Parse(text, what);
        if (!ago.IsOk)
            return GantryError.Invalid($"{what} '{text}' is neither a time like 2026-11-28T10:00:00Z, a duration like 30d, nor 'month'");
        return ago.Value >= now - DateTimeOffset.UnixEpoch ? 0 : (now - ago.Value).ToUnixTimeMilliseconds();
    }
}
