using Gantry.Core;
using Gantry.Core.Api.Serving;
using Gantry.Planning.Cost;
using Gantry.Server.Auth;
using Gantry.Server.Cost;
using Gantry.Storage;
using Gantry.Storage.Serving;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Serving;

/// <summary>
/// A deployment's serving and cost over a window, for the dashboard: hourly counts and latency histograms (stored
/// plus not yet flushed), replica spans, and their cost at the price book's rates.
/// </summary>
internal sealed class DeploymentStats(MetadataStore store, DeploymentCostSource source, PriceBook prices)
{
    public async Task<Outcome<DeploymentStatsView>> GetAsync(Caller caller, string name, long fromMs, long nowMs, CancellationToken cancellationToken)
    {
        string? project;
        await using (var db = store.CreateContext())
            project = await db.Deployments.AsNoTracking().Where(d => d.Name == name).Select(d => d.Project).FirstOrDefaultAsync(cancellationToken);
        if (project is null || !caller.CanSee(project))
            return GantryError.NotFound($"deployment '{name}' not found");

        var spans = await source.SpansAsync(name, fromMs, nowMs, null, cancellationToken);
        var usage = await source.UsageAsync(name, fromMs, nowMs, null, cancellationToken);
        var replicas = new List<ReplicaSpanView>(spans.Count);
        var cost = 0.0;
        foreach (var span in spans)
        {
            var allocation = DeploymentCostSource.ToAllocation(span, prices);
            // A span closed after this request took its "now" (a scale racing the read) is charged to its recorded end,
            // so the cost agrees with the span the response reports.
            var until = Math.Max(nowMs, span.EndMs ?? nowMs);
            var spanCost = CostMath.Of(allocation, prices.RatesFor(allocation.Node, allocation.Pool), fromMs, until, until).TotalCost;
            cost += spanCost;
            replicas.Add(new ReplicaSpanView(
                DateTimeOffset.FromUnixTimeMilliseconds(span.StartMs),
                span.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
                DateTimeOffset.FromUnixTimeMilliseconds(span.LastSeenMs),
                span.ModelVersion,
                span.Replicas,
                span.CpusPerReplica,
                span.MemoryBytesPerReplica,
                span.Gpus,
                span.Device,
                span.Node,
                spanCost));
        }

        var all = new long[DeploymentUsageRecord.LatencyBuckets.Count + 1];
        var hours = new List<DeploymentHourView>();
        foreach (var hour in usage.GroupBy(u => u.HourMs).OrderBy(g => g.Key))
        {
            var counts = new long[all.Length];
            foreach (var row in hour)
            {
                var parsed = ServingUsage.ParseCounts(row.LatencyCounts);
                for (var i = 0; i < counts.Length; i++)
                    counts[i] += parsed[i];
            }

            for (var i = 0; i < all.Length; i++)
                all[i] += counts[i];
            var predictions = hour.Sum(r => r.Predictions);
            var seconds = Math.Max(1, Math.Min(CostMath.MsPerHour, nowMs - hour.Key) / 1000.0);
            hours.Add(new DeploymentHourView(
                DateTimeOffset.FromUnixTimeMilliseconds(hour.Key),
                hour.Sum(r => r.Requests),
                predictions,
                hour.Sum(r => r.Failures),
                predictions / seconds,
                ServingUsage.QuantileMs(counts, 0.5),
                ServingUsage.QuantileMs(counts, 0.99)));
        }

        var total = hours.Sum(h => h.Predictions);
        var elapsed = Math.Max(1, (nowMs - ServingUsage.HourOf(fromMs)) / 1000.0);
        return new DeploymentStatsView
        {
            Name = name,
            Project = project,
            WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(fromMs),
            WindowEnd = DateTimeOffset.FromUnixTimeMilliseconds(nowMs),
            Requests = hours.Sum(h => h.Requests),
            Predictions = total,
            Failures = hours.Sum(h => h.Failures),
            LatencyP50Ms = ServingUsage.QuantileMs(all, 0.5),
            LatencyP99Ms = ServingUsage.QuantileMs(all, 0.99),
            PredictionsPerSecond = total / elapsed,
            CostUsd = cost,
            CostPerPrediction = total > 0 ? cost / total : null,
            Currency = CostReportBuilder.Currency,
            Hours = hours,
            Replicas = replicas,
            Notes =
            [
                "counts and latency are kept per UTC hour: the window's first hour counts whole",
                "latency quantiles are interpolated inside histogram buckets (as Prometheus's histogram_quantile)",
                "cost is replica time × the rates of GET /api/v1/cost/prices; see docs/cost.md for what a replica holds",
            ],
        };
    }
}
