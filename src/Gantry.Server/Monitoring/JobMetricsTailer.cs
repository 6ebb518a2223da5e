using System.Collections.Concurrent;
using System.Threading.Channels;
using Gantry.Core.Jobs;
using Gantry.Execution.Telemetry;
using Gantry.Server.Hosting;
using Gantry.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Monitoring;

/// <summary>
/// Follows the metrics file (<c>$GANTRY_METRICS</c>) of every running job: every
/// <see cref="MonitoringOptions.JobMetricsInterval"/> it reads the complete lines added since last
/// time, and once more when an attempt ends (taking a last line without its newline too). The read
/// position is stored with the values, so a restarted server neither loses nor repeats lines.
/// </summary>
internal sealed class JobMetricsTailer : BackgroundService
{
    // Bounds the work one job can cause per pass; a job writing faster is read over several passes.
    private const int MaxBytesPerPass = 4 << 20;

    private readonly Leadership.LeaderElection _leadership;
    private readonly MetadataStore _store;
    private readonly JobMetricsStore _metrics;
    private readonly ServerPaths _paths;
    private readonly IOptions<MonitoringOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JobMetricsTailer> _logger;
    private readonly ConcurrentQueue<long> _ended = new();
    private readonly ConcurrentDictionary<long, long> _offsets = new();
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public JobMetricsTailer(
        MetadataStore store, JobMetricsStore metrics, MonitoringHooks hooks, ServerPaths paths, IOptions<MonitoringOptions> options, TimeProvider time, ILogger<JobMetricsTailer> logger,
        Leadership.LeaderElection leadership)
    {
        _leadership = leadership;
        _store = store;
        _metrics = metrics;
        _paths = paths;
        _options = options;
        _time = time;
        _logger = logger;
        hooks.AttemptEnded += id =>
        {
            _ended.Enqueue(id);
            _wake.Writer.TryWrite(true);
        };
    }

    /// <summary>Reads the files of running jobs and of attempts that just ended, once.</summary>
    public async Task ReadOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            await PassAsync(cancellationToken);
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The leader runs the jobs and reads their files; two servers would store every line twice.
            await _leadership.WaitForLeadershipAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReadOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.JobMetricsFailed(_logger, ex);
                }

                // An ended attempt wakes the loop at once: its last lines are wanted before anyone asks.
                using var pause = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(_wake.Reader.WaitToReadAsync(pause.Token).AsTask(), Task.Delay(_options.Value.JobMetricsInterval, _time, pause.Token));
                await pause.CancelAsync();
                _wake.Reader.TryRead(out _);
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        var final = new HashSet<long>();
        while (_ended.TryDequeue(out var id))
            final.Add(id);
        List<long> running;
        await using (var db = _store.CreateContext())
            running = await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Running).Select(j => j.Id).ToListAsync(cancellationToken);

        var batches = new List<JobMetricsBatch>();
        foreach (var id in running.Concat(final).Distinct())
        {
            // An attempt that ended is read to its very end; a running one to its last complete line.
            var last = final.Contains(id);
            while (await ReadAsync(id, last, cancellationToken) is { } batch)
            {
                batches.Add(batch);
                if (batch.NewOffset is null || !last)
                    break;
            }
        }

        if (batches.Count == 0)
            return;
        try
        {
            await _metrics.IngestAsync(batches, cancellationToken);
        }
        catch
        {
            // Nothing was stored: read from the stored offsets again next time.
            _offsets.Clear();
            throw;
        }

        foreach (var batch in batches)
        {
            if (batch.NewOffset is { } offset)
                _offsets[batch.JobId] = offset;
            if (batch.SkippedLines > 0)
                Log.JobMetricLinesSkipped(_logger, batch.JobId, batch.SkippedLines);
        }

        foreach (var id in final)
            _offsets.TryRemove(id, out _);
    }

    /// <summary>The lines added to a job's file since its offset, or null when there is nothing new.</summary>
    private async Task<JobMetricsBatch?> ReadAsync(long jobId, bool toTheEnd, CancellationToken cancellationToken)
    {
        var path = JobMetricsFile.PathIn(_paths.JobDir(jobId));
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null)
            return null;
        if (!_offsets.TryGetValue(jobId, out var offset))
            offset = _offsets[jobId] = await _metrics.OffsetAsync(jobId, cancellationToken);
        if (info.Length < offset)
            offset = 0; // the file was replaced: read it anew
        if (info.Length == offset)
            return null;

        var buffer = new byte[(int)Math.Min(MaxBytesPerPass, info.Length - offset)];
        int read;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None))
        {
            file.Seek(offset, SeekOrigin.Begin);
            read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        }

        var data = buffer.AsSpan(0, read);
        var end = data.LastIndexOf((byte)'\n') + 1;
        var atEof = offset + read >= info.Length;
        if (toTheEnd && atEof)
            end = read;
        else if (end == 0 && read == buffer.Length && read == MaxBytesPerPass)
            end = read; // one line longer than a pass: skip it rather than stall
        if (end == 0)
            return null;

        var lines = new List<JobMetricLine>();
        var skipped = 0;
        var maxLine = _options.Value.MaxMetricLineBytes;
        var rest = (ReadOnlySpan<byte>)data[..end];
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = (newline < 0 ? rest : rest[..newline]).TrimEnd((byte)'\r');
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
                continue;
            if (line.Length > maxLine || JobMetricLineParser.Parse(line) is not { } parsed)
            {
                skipped++;
                continue;
            }

            lines.Add(parsed);
        }

        _offsets[jobId] = offset + end;
        return new JobMetricsBatch(jobId, lines, skipped, offset + end);
    }
}
