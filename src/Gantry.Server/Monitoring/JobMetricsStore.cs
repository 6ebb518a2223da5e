using Gantry.Core.Api.Monitoring;
using Gantry.Storage;
using Gantry.Storage.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Monitoring;

/// <summary>Stores and reads the metrics jobs report about themselves, and their usage records.</summary>
internal sealed class JobMetricsStore(MetadataStore store, MetadataWriter writer, GantryMetrics metrics, IOptions<MonitoringOptions> options)
{
    /// <summary>How far each job's metrics file has been read, as stored.</summary>
    public async Task<long> OffsetAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        return await db.Set<JobMetricsCursorRecord>().AsNoTracking().Where(c => c.JobId == jobId).Select(c => (long?)c.Offset).FirstOrDefaultAsync(cancellationToken) ?? 0;
    }

    /// <summary>Stores the batches in one transaction; returns the values stored per job.</summary>
    public async Task<IReadOnlyDictionary<long, int>> IngestAsync(IReadOnlyList<JobMetricsBatch> batches, CancellationToken cancellationToken)
    {
        var cap = options.Value.MaxMetricPointsPerJob;
        var stored = await writer.WriteAsync(scope => Ingest(scope, batches, cap), cancellationToken);
        metrics.MetricPoints(stored.Values.Sum(), batches.Sum(b => (long)b.SkippedLines));
        return stored;
    }

    /// <summary>Ingests inside an existing write (the API's, which audits in the same transaction).</summary>
    public IReadOnlyDictionary<long, int> Ingest(WriteScope scope, IReadOnlyList<JobMetricsBatch> batches) =>
        Ingest(scope, batches, options.Value.MaxMetricPointsPerJob);

    public async Task<JobMetricsView> ReadAsync(long jobId, string? key, int limit, long nowMs, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var cursor = await db.Set<JobMetricsCursorRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.JobId == jobId, cancellationToken);
        var keys = key is not null
            ? [key]
            : await db.Set<JobMetricRecord>().AsNoTracking().Where(m => m.JobId == jobId).Select(m => m.Key).Distinct().ToListAsync(cancellationToken);
        var series = new List<JobMetricSeries>();
        foreach (var k in keys.Order(StringComparer.Ordinal))
        {
            // The newest points, in the order they were reported.
            var points = await db.Set<JobMetricRecord>().AsNoTracking()
                .Where(m => m.JobId == jobId && m.Key == k)
                .OrderByDescending(m => m.Id)
                .Take(limit)
                .Select(m => new { m.Id, m.Step, m.Value, m.AtMs })
                .ToListAsync(cancellationToken);
            if (points.Count > 0)
                series.Add(new JobMetricSeries(k, points.OrderBy(p => p.Id).Select(p => new JobMetricPoint(p.Step, p.Value, DateTimeOffset.FromUnixTimeMilliseconds(p.AtMs))).ToArray()));
        }

        var usage = await db.Set<JobUsageRecord>().AsNoTracking().FirstOrDefaultAsync(u => u.JobId == jobId, cancellationToken);
        return new JobMetricsView(jobId, UsageView(usage, nowMs), cursor?.Points ?? 0, cursor?.SkippedLines ?? 0, series);
    }

    public async Task<JobUsageRecord?> UsageAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        return await db.Set<JobUsageRecord>().AsNoTracking().FirstOrDefaultAsync(u => u.JobId == jobId, cancellationToken);
    }

    /// <summary>The usage of a job, counting the running attempt up to <paramref name="nowMs"/> (null: the record's own time).</summary>
    public static JobUsageView UsageView(JobUsageRecord? usage, long? nowMs)
    {
        if (usage is null)
            return new JobUsageView(0, 0, 0, 0, false);
        var runMs = usage.RunMs;
        var gpuMs = usage.GpuMs;
        if (usage.RunningSinceMs is { } since && nowMs is { } now)
        {
            runMs += Math.Max(0, now - since);
            gpuMs += Math.Max(0, now - since) * usage.RunningGpus;
        }

        return new JobUsageView(usage.Attempts, usage.QueueMs / 1000.0, runMs / 1000.0, gpuMs / 3_600_000.0, usage.RunningSinceMs is not null);
    }

    private static Dictionary<long, int> Ingest(WriteScope scope, IReadOnlyList<JobMetricsBatch> batches, long cap)
    {
        var stored = new Dictionary<long, int>();
        var cursors = scope.Db.Set<JobMetricsCursorRecord>();
        var rows = scope.Db.Set<JobMetricRecord>();
        foreach (var batch in batches)
        {
            var cursor = cursors.Find(batch.JobId);
            if (cursor is null)
            {
                cursor = new JobMetricsCursorRecord { JobId = batch.JobId };
                cursors.Add(cursor);
            }

            var count = 0;
            var skipped = batch.SkippedLines;
            foreach (var line in batch.Lines)
            {
                if (cursor.Points + line.Values.Count > cap)
                {
                    skipped++;
                    continue;
                }

                var at = (line.At ?? scope.Now).ToUnixTimeMilliseconds();
                foreach (var (key, value) in line.Values)
                    rows.Add(new JobMetricRecord { JobId = batch.JobId, Key = key, Step = line.Step, Value = value, AtMs = at });
                cursor.Points += line.Values.Count;
                count += line.Values.Count;
            }

            cursor.SkippedLines += skipped;
            if (batch.NewOffset is { } offset)
                cursor.Offset = offset;
            stored[batch.JobId] = stored.GetValueOrDefault(batch.JobId) + count;
        }

        return stored;
    }
}
