using Gantry.Core;
using Gantry.Planning.Cost;

namespace Gantry.Server.Cost;

/// <summary>
/// Which projects are over a hard-stop budget this month, for the submit path to ask without touching the
/// database. Refreshed by <see cref="CostMonitor"/> at start and every check, and at once when a budget changes.
/// </summary>
internal sealed class BudgetGuard
{
    private readonly Lock _lock = new();
    private volatile Dictionary<string, GantryError> _refusals = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Changes with every <see cref="Update"/>; a full check passes the value it started with to <see cref="Replace"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Why a new job in <paramref name="project"/> is refused, or null when its budget allows it.</summary>
    public GantryError? WhyRefused(string project) => _refusals.GetValueOrDefault(project);

    /// <summary>Sets one project's standing: refused when it has a hard stop and has spent its budget.</summary>
    public void Update(string project, double monthlyUsd, bool hardStop, double spentUsd, DateTimeOffset now)
    {
        var refusal = hardStop && spentUsd >= monthlyUsd ? Refusal(project, monthlyUsd, spentUsd, now) : null;
        lock (_lock)
        {
            var next = new Dictionary<string, GantryError>(_refusals, StringComparer.Ordinal);
            if (refusal is null)
                next.Remove(project);
            else
                next[project] = refusal;
            _refusals = next;
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// Replaces every project's standing at once (a full check), unless a budget changed since the check began
    /// at <paramref name="version"/>: then its figures are stale and the next check decides.
    /// </summary>
    public void Replace(IEnumerable<(string Project, double MonthlyUsd, bool HardStop, double SpentUsd)> budgets, DateTimeOffset now, long version)
    {
        var next = new Dictionary<string, GantryError>(StringComparer.Ordinal);
        foreach (var (project, monthly, hardStop, spent) in budgets)
        {
            if (hardStop && spent >= monthly)
                next[project] = Refusal(project, monthly, spent, now);
        }

        lock (_lock)
        {
            if (Interlocked.Read(ref _version) == version)
                _refusals = next;
        }
    }

    private static GantryError Refusal(string project, double monthlyUsd, double spentUsd, DateTimeOffset now)
    {
        var until = BudgetMath.NextMonthStart(now);
        return GantryError.Forbidden(
            $"project '{project}' has spent {Money.Usd(spentUsd)} of its {Money.Usd(monthlyUsd)} monthly budget; " +
            $"new jobs are refused until {until:yyyy-MM-dd} 00:00 UTC, when a new month begins, " +
            "or until a project admin raises the budget or lifts its hard stop");
    }
}
