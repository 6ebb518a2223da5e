using System.Globalization;
using Gantry.Planning.Cost;
using Gantry.Server.Serving;
using Gantry.Storage;
using Gantry.Storage.Serving;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Cost;

/// <summary>
/// Deployment allocations from the replica spans (see <see cref="DeploymentSpans"/>): each span held its replicas'
/// CPUs and memory, and its GPU, from start to end (or until now while open). Id is the deployment's name, Name its
/// model@version. Also the predictions each deployment answered, from the hourly usage table plus what is still in
/// memory, so cost per prediction counts every answered row.
/// </summary>
internal sealed class DeploymentCostSource(MetadataStore store, PriceBook prices, ServingUsage usage) : ICostSource, IPredictionCounts
{
    public const string Kind = "deployment";

    public async Task<IReadOnlyList<CostAllocation>> AllocationsAsync(long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken)
    {
        var spans = await SpansAsync(null, fromMs, toMs, projects, cancellationToken);
        return spans.Select(s => ToAllocation(s, prices)).ToArray();
    }

    public async Task<IReadOnlyDictionary<string, long>> PredictionsAsync(long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken)
    {
        var rows = await UsageAsync(null, fromMs, toMs, projects, cancellationToken);
        return rows.GroupBy(r => r.Deployment, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Predictions), StringComparer.Ordinal);
    }

    /// <summary>Spans overlapping the window, of one deployment or all, oldest first.</summary>
    public async Task<IReadOnlyList<DeploymentSpanRecord>> SpansAsync(string? deployment, long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var query = db.Set<DeploymentSpanRecord>().AsNoTracking().Where(s => s.StartMs < toMs && (s.EndMs == null || s.EndMs > fromMs));
        if (deployment is not null)
            query = query.Where(s => s.Deployment == deployment);
        if (projects is not null)
        {
            var list = projects.ToList();
            query = query.Where(s => list.Contains(s.Project));
        }

        return await query.OrderBy(s => s.StartMs).ThenBy(s => s.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Usage rows of the hours overlapping the window (stored plus not yet flushed), of one deployment or all.</summary>
    public async Task<IReadOnlyList<DeploymentUsageRecord>> UsageAsync(string? deployment, long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken)
    {
        var firstHour = ServingUsage.HourOf(fromMs);
        List<DeploymentUsageRecord> stored;
        await using (var db = store.CreateContext())
        {
            var query = db.Set<DeploymentUsageRecord>().AsNoTracking().Where(u => u.HourMs >= firstHour && u.HourMs < toMs);
            if (deployment is not null)
                query = query.Where(u => u.Deployment == deployment);
            if (projects is not null)
            {
                var list = projects.ToList();
                query = query.Where(u => list.Contains(u.Project));
            }

            stored = await query.ToListAsync(cancellationToken);
        }

        var pending = usage.Pending().Where(u => u.HourMs >= firstHour && u.HourMs < toMs
            && (deployment is null || u.Deployment == deployment) && (projects is null || projects.Contains(u.Project)));
        return [.. stored, .. pending];
    }

    public static CostAllocation ToAllocation(DeploymentSpanRecord span, PriceBook prices) => new()
    {
        Kind = Kind,
        Id = span.Deployment,
        Name = span.Model + "@" + span.ModelVersion.ToString(CultureInfo.InvariantCulture),
        Project = span.Project,
        User = span.User,
        Pool = prices.PoolOf(span.Node) ?? prices.LocalPool,
        Node = span.Node,
        Devices = string.IsNullOrEmpty(span.Devices)
            ? []
            : span.Devices.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray(),
        Gpus = span.Gpus,
        Cpus = span.CpusPerReplica * span.Replicas,
        MemoryBytes = span.MemoryBytesPerReplica * span.Replicas,
        StartMs = span.StartMs,
        EndMs = span.EndMs,
    };
}
