using Gantry.Core;
using Gantry.Core.Api.Cost;
using Gantry.Planning.Cost;
using Gantry.Server.Auth;
using Gantry.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Cost;

/// <summary>
/// Cost reports and month-to-date spend, computed from allocation history on every request. Admins see the whole
/// cluster, idle capacity included; everyone else sees the allocations of their own projects and nothing more.
/// </summary>
internal sealed class CostService(
    PriceBook prices,
    IEnumerable<ICostSource> sources,
    IUtilizationSource utilization,
    IPredictionCounts predictions,
    MetadataStore store)
{
    public async Task<Outcome<CostReport>> ReportAsync(Caller caller, CostGrouping by, long fromMs, long toMs, long nowMs, string? project, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<string>? projects = caller.IsAdmin ? null : caller.Projects.Keys.ToArray();
        if (project is not null)
        {
            if (!caller.CanSee(project))
                return GantryError.NotFound($"project '{project}' not found");
            projects = [project];
        }

        var allocations = await AllocationsAsync(fromMs, Math.Min(toMs, nowMs), projects, cancellationToken);
        var whole = caller.IsAdmin && project is null;
        var notes = new List<string>
        {
            "costs are allocation × hours × the rates of GET /api/v1/cost/prices; running jobs and deployments count until now",
        };
        if (by == CostGrouping.Deployment)
            notes.Add("a deployment's replicas hold max(1, intra_op_threads) CPUs and the model file's size in memory each, and a cuda deployment its GPU; predictions are rows answered, counted per whole UTC hour; __unallocated__ is every allocation of no deployment (jobs)");
        if (!whole)
            notes.Add("idle capacity and cluster efficiency are shown to admins on the unfiltered report only");
        var bursts = await BurstsAsync(fromMs, Math.Min(toMs, nowMs), projects, cancellationToken);
        if (bursts.Count > 0)
            notes.Add($"{bursts.Count} job(s) burst to cloud pools; their estimated extra cost over on-premises so far: {Money.Usd(bursts.Sum(b => b.ExtraCostSoFar))} (see bursts)");
        var utilised = await utilization.UtilisedGpuHoursAsync(allocations, fromMs, toMs, cancellationToken);
        if (utilised is null)
            notes.Add("efficiency of jobs, projects and users (utilised ÷ allocated GPU-hours) needs GPU telemetry; it is not available yet");
        var report = CostReportBuilder.Build(new CostReportInput
        {
            By = by,
            FromMs = fromMs,
            ToMs = toMs,
            NowMs = nowMs,
            Allocations = allocations,
            RatesFor = a => prices.RatesFor(a.Node, a.Pool),
            Capacities = whole ? await CapacitiesAsync(cancellationToken) : null,
            UtilisedGpuHours = utilised,
            Predictions = by == CostGrouping.Deployment ? await predictions.PredictionsAsync(fromMs, Math.Min(toMs, nowMs), projects, cancellationToken) : null,
            Notes = notes,
        });
        return report with { Bursts = bursts };
    }

    /// <summary>Jobs that held a cloud pool by burst inside the window, with the extra recorded when they started.</summary>
    private async Task<IReadOnlyList<BurstCostRow>> BurstsAsync(long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var query = db.Jobs.AsNoTracking().Where(j => j.BurstExtraUsdPerHour != null && j.StartedAtMs != null && j.StartedAtMs < toMs && (j.FinishedAtMs == null || j.FinishedAtMs > fromMs));
        if (projects is not null)
        {
            var list = projects.ToList();
            query = query.Where(j => list.Contains(j.Project));
        }

        var jobs = await query.OrderBy(j => j.Id).ToListAsync(cancellationToken);
        return jobs.Select(j =>
        {
            var hours = Math.Max(0, Math.Min(j.FinishedAtMs ?? toMs, toMs) - Math.Max(j.StartedAtMs!.Value, fromMs)) / 3_600_000.0;
            return new BurstCostRow(
                j.Id, j.Name, j.Project, j.BurstPool ?? "", DateTimeOffset.FromUnixTimeMilliseconds(j.StartedAtMs!.Value),
                j.BurstWaitSeconds is { } w && w >= 0 ? w : null, j.BurstExtraUsdPerHour!.Value, j.BurstExtraUsd, j.BurstExtraUsdPerHour.Value * hours);
        }).ToArray();
    }

    /// <summary>Each project's spend from the start of this calendar month (UTC) until now.</summary>
    public async Task<IReadOnlyDictionary<string, double>> MonthSpendAsync(IReadOnlyCollection<string> projects, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = projects.ToDictionary(p => p, _ => 0.0, StringComparer.Ordinal);
        if (projects.Count == 0)
            return result;
        var fromMs = BudgetMath.MonthStart(now).ToUnixTimeMilliseconds();
        var nowMs = now.ToUnixTimeMilliseconds();
        var allocations = await AllocationsAsync(fromMs, nowMs, projects, cancellationToken);
        var report = CostReportBuilder.Build(new CostReportInput
        {
            By = CostGrouping.Project,
            FromMs = fromMs,
            ToMs = nowMs,
            NowMs = nowMs,
            Allocations = allocations,
            RatesFor = a => prices.RatesFor(a.Node, a.Pool),
        });
        foreach (var row in report.Rows)
        {
            if (result.ContainsKey(row.Name))
                result[row.Name] = row.TotalCost;
        }

        return result;
    }

    private async Task<IReadOnlyList<CostAllocation>> AllocationsAsync(long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken)
    {
        var all = new List<CostAllocation>();
        foreach (var source in sources)
            all.AddRange(await source.AllocationsAsync(fromMs, toMs, projects, cancellationToken));
        return all;
    }

    private async Task<IReadOnlyList<NodeCapacity>> CapacitiesAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, long> seen;
        await using (var db = store.CreateContext())
            seen = await db.CostNodes.AsNoTracking().ToDictionaryAsync(n => n.Node, n => n.FirstSeenMs, StringComparer.Ordinal, cancellationToken);

        // A node not recorded yet counts from its first allocation in the window (the builder takes the earlier).
        return prices.Nodes
            .Select(n => new NodeCapacity(n.Shape, n.Rates, seen.TryGetValue(n.Shape.Name, out var since) ? since : long.MaxValue))
            .ToArray();
    }
}
