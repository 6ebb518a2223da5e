using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Planning;
using Gantry.Planning.Plans;
using Gantry.Server.Cluster;
using Gantry.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Planning;

/// <summary>
/// Measures GPU allocation over the last days from the jobs table and the nodes' accelerators, prices the idle
/// part with the planner's catalog, and words right-sizing advice.
/// </summary>
internal sealed class AllocationHistoryService(MetadataStore store, ClusterInventory inventory, Planner planner, TimeProvider time)
{
    private const double MsPerHour = 3_600_000;

    public async Task<AllocationHistoryView> MeasureAsync(int days, CancellationToken cancellationToken)
    {
        var toMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var fromMs = toMs - (days * 24L * 3_600_000);
        await using var db = store.CreateContext();

        // The first user is created at the first start: before it there are no records, not an idle cluster.
        long? firstMs = await db.Users.AsNoTracking().AnyAsync(cancellationToken)
            ? await db.Users.AsNoTracking().MinAsync(u => u.CreatedAtMs, cancellationToken)
            : null;
        var coveredFromMs = firstMs is { } first && first > fromMs ? first : fromMs;

        // Each record keeps its latest attempt; an earlier failed attempt's time is overwritten by its retry.
        var rows = await db.Jobs.AsNoTracking()
            .Where(j => j.Gpus > 0 && j.StartedAtMs != null && j.StartedAtMs < toMs
                && ((j.FinishedAtMs != null && j.FinishedAtMs > fromMs) || (j.FinishedAtMs == null && j.State == JobState.Running)))
            .Select(j => new { j.Gpus, j.Nodes, Start = j.StartedAtMs!.Value, End = j.FinishedAtMs })
            .ToListAsync(cancellationToken);
        var measure = AllocationHistory.Measure(
            rows.Select(r => new HeldInterval(r.Gpus * Math.Max(1, r.Nodes), r.Start, r.End ?? toMs)), coveredFromMs, toMs);

        var nodes = inventory.Nodes.ToList();
        var devices = nodes.SelectMany(n => n.Node.Accelerators).ToList();
        var coveredHours = Math.Max(0, toMs - coveredFromMs) / MsPerHour;
        var available = devices.Count * coveredHours;
        double? allocation = available > 0 ? Math.Min(1, measure.GpuHours / available) : null;

        var matched = devices.Select(d => GpuModelMatch.Find(planner.Catalog, d.Model, d.MemoryBytes)?.Name).Distinct().ToList();
        var catalogGpu = matched is [{ } one] ? one : null;
        TcoPlan? tco = null;
        if (catalogGpu is not null && allocation is { } share && coveredHours > 0)
        {
            var priced = planner.Tco(new TcoPlanInput
            {
                Gpu = catalogGpu,
                Gpus = devices.Count,
                Utilization = Math.Clamp(share, 1e-6, 1),
                Years = coveredHours / 8760,
            });
            tco = priced.IsOk ? priced.Value : null;
        }

        var owned = tco?.Costs.FirstOrDefault(c => c.Option == "on_prem");
        var view = new AllocationHistoryView
        {
            Days = days,
            From = DateTimeOffset.FromUnixTimeMilliseconds(fromMs),
            To = DateTimeOffset.FromUnixTimeMilliseconds(toMs),
            RecordsSince = firstMs is { } since ? DateTimeOffset.FromUnixTimeMilliseconds(since) : null,
            CoveredHours = coveredHours,
            Nodes = nodes.Count,
            Gpus = devices.Count,
            Jobs = measure.Jobs,
            AllocatedGpuHours = measure.GpuHours,
            AvailableGpuHours = available,
            Allocation = allocation,
            PeakGpusAllocated = measure.PeakGpus,
            CatalogGpu = catalogGpu,
            IdleUsd = owned?.TotalUsd is { } total && allocation is { } a ? total * (1 - a) : null,
            BreakEvenUtilization = tco?.BreakEvenUtilization,
            Measures = "allocation",
            Note = RightSizing.Note,
            Advice = "",
        };
        return view with { Advice = RightSizing.Advise(view) };
    }
}
