using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Cost;
using Gantry.Planning.Cost;
using Gantry.Server.Auth;
using Gantry.Storage;
using Gantry.Storage.Cost;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Cost;

/// <summary>Project budgets: set (project admin), read with this month's spend (project viewer), remove, and the alerts they raised.</summary>
internal sealed class BudgetService(
    MetadataStore store,
    MetadataWriter writer,
    CostService costs,
    BudgetGuard guard,
    TimeProvider time)
{
    public async Task<Outcome<BudgetView>> SetAsync(Caller caller, string project, BudgetRequest request, CancellationToken cancellationToken)
    {
        var target = "project/" + project;
        if (ProjectAccess.Require(caller, project, Role.Admin, "setting the budget") is { } denied)
            return await RefuseAsync(caller, "cost.budget.set", target, denied, cancellationToken);
        if (BudgetMath.Check(request.MonthlyUsd, request.AlertThresholds) is { } invalid)
            return await RefuseAsync(caller, "cost.budget.set", target, invalid, cancellationToken);

        var thresholds = BudgetMath.Normalize(request.AlertThresholds);
        var hardStop = request.HardStop ?? false;
        var saved = await writer.WriteAsync(scope =>
        {
            if (scope.Db.Projects.Find(project) is null)
            {
                scope.Audit(caller.User, "cost.budget.set", target, "not_found", "no such project");
                return Outcome<BudgetRecord>.Fail(GantryError.NotFound($"project '{project}' not found"));
            }

            var record = scope.Db.Budgets.Find(project);
            if (record is null)
            {
                record = new BudgetRecord { Project = project, AlertThresholds = string.Empty, UpdatedBy = caller.User };
                scope.Db.Budgets.Add(record);
            }

            record.MonthlyUsd = request.MonthlyUsd;
            record.AlertThresholds = Money.Thresholds(thresholds);
            record.HardStop = hardStop;
            record.UpdatedAtMs = scope.NowMs;
            record.UpdatedBy = caller.User;
            scope.Audit(caller.User, "cost.budget.set", target, "ok",
                $"{Money.Usd(request.MonthlyUsd)} a month, alerts at {record.AlertThresholds}{(hardStop ? ", hard stop" : string.Empty)}");
            return Outcome<BudgetRecord>.Ok(record);
        }, cancellationToken);
        if (!saved.IsOk)
            return saved.Error;
        return await ViewAsync(saved.Value, cancellationToken);
    }

    public async Task<Outcome<BudgetView>> GetAsync(Caller caller, string project, CancellationToken cancellationToken)
    {
        if (!caller.CanSee(project))
            return GantryError.NotFound($"project '{project}' not found");
        BudgetRecord? record;
        await using (var db = store.CreateContext())
            record = await db.Budgets.AsNoTracking().FirstOrDefaultAsync(b => b.Project == project, cancellationToken);
        if (record is null)
            return GantryError.NotFound($"project '{project}' has no budget; a project admin sets one with PUT /api/v1/projects/{project}/budget");
        return await ViewAsync(record, cancellationToken);
    }

    public async Task<Outcome<bool>> RemoveAsync(Caller caller, string project, CancellationToken cancellationToken)
    {
        var target = "project/" + project;
        if (ProjectAccess.Require(caller, project, Role.Admin, "removing the budget") is { } denied)
            return await RefuseAsync(caller, "cost.budget.remove", target, denied, cancellationToken);
        var removed = await writer.WriteAsync(scope =>
        {
            var record = scope.Db.Budgets.Find(project);
            if (record is null)
            {
                scope.Audit(caller.User, "cost.budget.remove", target, "not_found", "no budget");
                return Outcome<bool>.Fail(GantryError.NotFound($"project '{project}' has no budget"));
            }

            scope.Db.Budgets.Remove(record);
            scope.Audit(caller.User, "cost.budget.remove", target, "ok");
            return Outcome<bool>.Ok(true);
        }, cancellationToken);
        if (removed.IsOk)
            guard.Update(project, 0, hardStop: false, 0, time.GetUtcNow());
        return removed;
    }

    /// <summary>Alerts of the projects the caller can see, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<BudgetAlertView>>> AlertsAsync(Caller caller, string? project, long? sinceMs, int limit, CancellationToken cancellationToken)
    {
        if (project is not null && !caller.CanSee(project))
            return GantryError.NotFound($"project '{project}' not found");
        await using var db = store.CreateContext();
        var query = db.BudgetAlerts.AsNoTracking().AsQueryable();
        if (project is not null)
            query = query.Where(a => a.Project == project);
        else if (!caller.IsAdmin)
        {
            var visible = caller.Projects.Keys.ToArray();
            query = query.Where(a => visible.Contains(a.Project));
        }

        if (sinceMs is { } since)
            query = query.Where(a => a.AtMs >= since);
        var rows = await query.OrderByDescending(a => a.AtMs).ThenBy(a => a.Project).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(a => new BudgetAlertView(a.Project, a.Month, a.Threshold, a.SpentUsd, a.MonthlyUsd, DateTimeOffset.FromUnixTimeMilliseconds(a.AtMs)))
            .OrderByDescending(a => a.At).ThenBy(a => a.Project, StringComparer.Ordinal).ThenByDescending(a => a.Threshold)
            .ToArray();
    }

    private async Task<BudgetView> ViewAsync(BudgetRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var spend = await costs.MonthSpendAsync([record.Project], now, cancellationToken);
        var spent = spend[record.Project];
        guard.Update(record.Project, record.MonthlyUsd, record.HardStop, spent, now);
        return new BudgetView(
            record.Project,
            record.MonthlyUsd,
            Money.ParseThresholds(record.AlertThresholds),
            record.HardStop,
            BudgetMath.MonthKey(now),
            spent,
            spent / record.MonthlyUsd,
            guard.WhyRefused(record.Project) is not null,
            DateTimeOffset.FromUnixTimeMilliseconds(record.UpdatedAtMs),
            record.UpdatedBy);
    }

    private async Task<GantryError> RefuseAsync(Caller caller, string action, string target, GantryError error, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(scope =>
        {
            scope.Audit(caller.User, action, target, error.Kind.ToString().ToLowerInvariant(), error.Message);
            return true;
        }, cancellationToken);
        return error;
    }
}
