using Gantry.Planning.Cost;
using Gantry.Storage;
using Gantry.Storage.Cost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Cost;

/// <summary>
/// Every <see cref="CostOptions.CheckInterval"/> (and once at start): records nodes seen for the first time (idle
/// cost counts from then), computes each budgeted project's spend this month, records every alert threshold
/// crossed (once per threshold per month, with an audit entry) and refreshes the hard stops of <see cref="BudgetGuard"/>.
/// </summary>
internal sealed class CostMonitor(
    MetadataStore store,
    MetadataWriter writer,
    PriceBook prices,
    CostService costs,
    BudgetGuard guard,
    IOptions<CostOptions> options,
    TimeProvider time,
    ILogger<CostMonitor> logger) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>One check, as the timer runs it; tests call it directly instead of waiting.</summary>
    public async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            await RecordNodesAsync(cancellationToken);
            return await CheckBudgetsAsync(cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CheckOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.CostCheckFailed(logger, ex);
                }

                await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RecordNodesAsync(CancellationToken cancellationToken)
    {
        HashSet<string> known;
        await using (var db = store.CreateContext())
            known = (await db.CostNodes.AsNoTracking().Select(n => n.Node).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var fresh = prices.Nodes.Where(n => !known.Contains(n.Shape.Name)).Select(n => (n.Shape.Name, n.Shape.Pool)).ToArray();
        if (fresh.Length == 0)
            return;
        await writer.WriteAsync(scope =>
        {
            foreach (var (node, pool) in fresh)
            {
                if (scope.Db.CostNodes.Find(node) is null)
                    scope.Db.CostNodes.Add(new CostNodeRecord { Node = node, Pool = pool, FirstSeenMs = scope.NowMs });
            }

            return true;
        }, cancellationToken);
    }

    private async Task<int> CheckBudgetsAsync(CancellationToken cancellationToken)
    {
        var version = guard.Version;
        var now = time.GetUtcNow();
        var month = BudgetMath.MonthKey(now);
        List<BudgetRecord> budgets;
        HashSet<(string, double)> recorded;
        await using (var db = store.CreateContext())
        {
            budgets = await db.Budgets.AsNoTracking().ToListAsync(cancellationToken);
            recorded = (await db.BudgetAlerts.AsNoTracking().Where(a => a.Month == month).Select(a => new { a.Project, a.Threshold }).ToListAsync(cancellationToken))
                .Select(a => (a.Project, a.Threshold)).ToHashSet();
        }

        var spend = await costs.MonthSpendAsync(budgets.Select(b => b.Project).ToArray(), now, cancellationToken);
        guard.Replace(budgets.Select(b => (b.Project, b.MonthlyUsd, b.HardStop, spend[b.Project])), now, version);

        var alerts = new List<BudgetAlertRecord>();
        foreach (var budget in budgets)
        {
            var spent = spend[budget.Project];
            foreach (var threshold in BudgetMath.Crossed(spent, budget.MonthlyUsd, Money.ParseThresholds(budget.AlertThresholds)))
            {
                if (!recorded.Contains((budget.Project, threshold)))
                    alerts.Add(new BudgetAlertRecord { Project = budget.Project, Month = month, Threshold = threshold, SpentUsd = spent, MonthlyUsd = budget.MonthlyUsd });
            }
        }

        if (alerts.Count == 0)
            return 0;
        var written = await writer.WriteAsync(scope =>
        {
            var count = 0;
            foreach (var alert in alerts)
            {
                if (scope.Db.BudgetAlerts.Find(alert.Project, alert.Month, alert.Threshold) is not null)
                    continue;
                alert.AtMs = scope.NowMs;
                scope.Db.BudgetAlerts.Add(alert);
                scope.Audit("gantry", "cost.budget_alert", "project/" + alert.Project, "ok",
                    $"project '{alert.Project}' has spent {Money.Usd(alert.SpentUsd)} of its {Money.Usd(alert.MonthlyUsd)} monthly budget in {alert.Month}: " +
                    $"past the {Money.Percent(alert.Threshold)} threshold");
                count++;
            }

            return count;
        }, cancellationToken);
        foreach (var alert in alerts)
            Log.BudgetThresholdCrossed(logger, alert.Project, Money.Percent(alert.Threshold), Money.Usd(alert.SpentUsd), Money.Usd(alert.MonthlyUsd));
        return written;
    }
}
