using Gantry.Core.Api.Monitoring;
using Gantry.Execution.Telemetry;
using Gantry.Storage;
using Gantry.Storage.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Monitoring;

/// <summary>
/// GPU telemetry in the metadata database: raw readings (tier 0), minute averages (tier 1) and hour
/// averages (tier 2). Compaction moves rows up a tier in one transaction, so the tiers never overlap
/// and a query simply reads all of them, weighting each row by the readings behind it.
/// </summary>
internal sealed class TelemetryStore(MetadataStore store, MetadataWriter writer)
{
    private const long MinuteMs = 60_000;
    private const long HourMs = 3_600_000;

    /// <summary>Stores one interval's readings (every GPU of every source) in one transaction.</summary>
    public Task WriteAsync(IReadOnlyList<TelemetryPoint> points, IReadOnlyList<GpuInfoRecord> changedInfo, CancellationToken cancellationToken) =>
        writer.WriteAsync(scope =>
        {
            var rows = scope.Db.Set<GpuTelemetryRecord>();
            foreach (var p in points)
                rows.Add(ToRecord(p, tier: 0));
            var infos = scope.Db.Set<GpuInfoRecord>();
            foreach (var info in changedInfo)
            {
                var existing = infos.Find(info.Node, info.Gpu);
                if (existing is null)
                {
                    infos.Add(new GpuInfoRecord { Node = info.Node, Gpu = info.Gpu, Uuid = info.Uuid, Model = info.Model, LastSeenMs = info.LastSeenMs });
                }
                else
                {
                    existing.Uuid = info.Uuid ?? existing.Uuid;
                    existing.Model = info.Model ?? existing.Model;
                    existing.LastSeenMs = info.LastSeenMs;
                }
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Averages raw readings older than <paramref name="rawRetention"/> into minutes and minute
    /// averages older than <paramref name="minuteRetention"/> into hours.
    /// </summary>
    public Task<(int Raw, int Minutes)> CompactAsync(DateTimeOffset now, TimeSpan rawRetention, TimeSpan minuteRetention, CancellationToken cancellationToken) =>
        writer.WriteAsync(scope =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var raw = Promote(scope.Db, 0, TelemetryDownsampler.BucketStart(nowMs - (long)rawRetention.TotalMilliseconds, MinuteMs), MinuteMs);
            var minutes = Promote(scope.Db, 1, TelemetryDownsampler.BucketStart(nowMs - (long)minuteRetention.TotalMilliseconds, HourMs), HourMs);
            return (raw, minutes);
        }, cancellationToken);

    /// <summary>Telemetry per GPU from <paramref name="sinceMs"/> (inclusive) to <paramref name="untilMs"/> (exclusive), in steps.</summary>
    /// <param name="jobId">Only readings taken while this job held the GPU.</param>
    public async Task<IReadOnlyList<GpuTelemetrySeries>> QueryAsync(
        string? node, int? gpu, long? jobId, long sinceMs, long untilMs, long stepMs, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var rows = db.Set<GpuTelemetryRecord>().AsNoTracking().Where(t => t.AtMs >= sinceMs && t.AtMs < untilMs);
        if (node is not null)
            rows = rows.Where(t => t.Node == node);
        if (gpu is { } g)
            rows = rows.Where(t => t.Gpu == g);
        if (jobId is { } j)
            rows = rows.Where(t => t.JobId == j);

        var buckets = await rows
            .GroupBy(t => new { t.Node, t.Gpu, Bucket = (t.AtMs - sinceMs) / stepMs })
            .Select(b => new Bucket(
                b.Key.Node,
                b.Key.Gpu,
                b.Key.Bucket,
                b.Sum(t => t.Samples),
                b.Sum(t => t.JobId != null ? t.Samples : 0),
                b.Sum(t => t.Utilization * t.Samples),
                b.Sum(t => t.Utilization != null ? t.Samples : 0),
                b.Sum(t => t.MemoryUsedBytes * t.Samples),
                b.Sum(t => t.MemoryUsedBytes != null ? t.Samples : 0),
                b.Sum(t => t.MemoryTotalBytes * t.Samples),
                b.Sum(t => t.MemoryTotalBytes != null ? t.Samples : 0),
                b.Sum(t => t.PowerWatts * t.Samples),
                b.Sum(t => t.PowerWatts != null ? t.Samples : 0),
                b.Sum(t => t.TemperatureCelsius * t.Samples),
                b.Sum(t => t.TemperatureCelsius != null ? t.Samples : 0),
                b.Sum(t => t.SmClockMhz * t.Samples),
                b.Sum(t => t.SmClockMhz != null ? t.Samples : 0),
                b.Max(t => t.EnergyMillijoules)))
            .ToListAsync(cancellationToken);

        var infos = await db.Set<GpuInfoRecord>().AsNoTracking().ToDictionaryAsync(i => (i.Node, i.Gpu), cancellationToken);
        return buckets
            .GroupBy(b => (b.Node, b.Gpu))
            .OrderBy(s => s.Key.Node, StringComparer.Ordinal).ThenBy(s => s.Key.Gpu)
            .Select(s =>
            {
                infos.TryGetValue(s.Key, out var info);
                var points = s.OrderBy(b => b.Index).Select(b => b.ToPoint(sinceMs, stepMs)).ToArray();
                return new GpuTelemetrySeries(s.Key.Node, s.Key.Gpu, info?.Uuid, info?.Model, points);
            })
            .ToArray();
    }

    /// <summary>The average utilisation of the readings taken while <paramref name="jobId"/> held GPUs.</summary>
    public async Task<double?> AverageUtilizationAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var rows = db.Set<GpuTelemetryRecord>().AsNoTracking().Where(t => t.JobId == jobId && t.Utilization != null);
        var weight = await rows.SumAsync(t => (long?)t.Samples, cancellationToken) ?? 0;
        if (weight == 0)
            return null;
        var sum = await rows.SumAsync(t => t.Utilization * t.Samples, cancellationToken) ?? 0;
        return sum / weight;
    }

    private static int Promote(GantryDbContext db, int tier, long beforeMs, long bucketMs)
    {
        var set = db.Set<GpuTelemetryRecord>();
        var old = set.Where(t => t.Tier == tier && t.AtMs < beforeMs).AsNoTracking().ToList();
        if (old.Count == 0)
            return 0;
        foreach (var point in TelemetryDownsampler.Rollup(old.Select(ToPoint), bucketMs))
            set.Add(ToRecord(point, tier + 1));
        set.Where(t => t.Tier == tier && t.AtMs < beforeMs).ExecuteDelete();

        // Saved now, in the same transaction, so the next tier's promotion sees these rows.
        db.SaveChanges();
        return old.Count;
    }

    public static GpuTelemetryRecord ToRecord(TelemetryPoint p, int tier) => new()
    {
        Tier = tier,
        Node = p.Node,
        Gpu = p.Gpu,
        JobId = p.JobId,
        AtMs = p.AtMs,
        Samples = p.Samples,
        Utilization = p.UtilizationPercent,
        MemoryUsedBytes = p.MemoryUsedBytes,
        MemoryTotalBytes = p.MemoryTotalBytes,
        PowerWatts = p.PowerWatts,
        EnergyMillijoules = p.EnergyMillijoules,
        TemperatureCelsius = p.TemperatureCelsius,
        SmClockMhz = p.SmClockMhz,
    };

    private static TelemetryPoint ToPoint(GpuTelemetryRecord r) => new(
        r.Node, r.Gpu, r.JobId, r.AtMs, r.Samples, r.Utilization, r.MemoryUsedBytes, r.MemoryTotalBytes, r.PowerWatts, r.EnergyMillijoules, r.TemperatureCelsius, r.SmClockMhz);

    private sealed record Bucket(
        string Node,
        int Gpu,
        long Index,
        int Samples,
        int Allocated,
        double? Utilization,
        int UtilizationWeight,
        double? MemoryUsed,
        int MemoryUsedWeight,
        double? MemoryTotal,
        int MemoryTotalWeight,
        double? Power,
        int PowerWeight,
        double? Temperature,
        int TemperatureWeight,
        double? Clock,
        int ClockWeight,
        double? Energy)
    {
        public GpuTelemetryPoint ToPoint(long sinceMs, long stepMs) => new(
            DateTimeOffset.FromUnixTimeMilliseconds(sinceMs + (Index * stepMs)),
            Samples,
            Mean(Utilization, UtilizationWeight),
            Mean(MemoryUsed, MemoryUsedWeight) is { } used ? (long)Math.Round(used) : null,
            Mean(MemoryTotal, MemoryTotalWeight) is { } total ? (long)Math.Round(total) : null,
            Mean(Power, PowerWeight),
            Energy,
            Mean(Temperature, TemperatureWeight),
            Mean(Clock, ClockWeight),
            Samples == 0 ? 0 : (double)Allocated / Samples);

        private static double? Mean(double? sum, int weight) => weight == 0 || sum is null ? null : sum / weight;
    }
}
