using System.Collections.Concurrent;
using Gantry.Execution.Local;
using Gantry.Execution.Telemetry;
using Gantry.Server.Jobs;
using Gantry.Storage;
using Gantry.Storage.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Monitoring;

/// <summary>
/// Reads every GPU once per <see cref="MonitoringOptions.TelemetryInterval"/> — this machine's through
/// NVML or an nvidia-smi stream, remote pools' through their DCGM exporters, and any source added at
/// run time — attributes each reading to the job holding the GPU, keeps the newest for
/// <c>/metrics</c>, stores them all in one transaction, and downsamples old readings.
/// </summary>
internal sealed class TelemetryCollector(
    IOptions<MonitoringOptions> options,
    IOptions<LocalExecutorOptions> localOptions,
    JobSupervisor supervisor,
    TelemetryStore telemetry,
    MetadataStore store,
    GantryMetrics metrics,
    TimeProvider time,
    Leadership.LeaderElection leadership,
    ILogger<TelemetryCollector> logger) : BackgroundService
{
    private readonly List<ITelemetrySource> _sources = [];
    private readonly Lock _sourcesGate = new();
    private readonly SemaphoreSlim _collecting = new(1, 1);
    private readonly Dictionary<(string Node, int Gpu), (string? Uuid, string? Model)> _known = [];
    private readonly ConcurrentDictionary<long, string> _projects = new();
    private volatile IReadOnlyList<AttributedSample> _latest = [];
    private DateTimeOffset _lastCompaction;

    private MonitoringOptions Options => options.Value;

    /// <summary>The newest reading of every GPU (from the last collection).</summary>
    public IReadOnlyList<AttributedSample> Latest => _latest;

    /// <summary>Adds a source read from the next collection on (tests inject samples this way).</summary>
    public void AddSource(ITelemetrySource source)
    {
        lock (_sourcesGate)
            _sources.Add(source);
    }

    /// <summary>Reads every source once, attributes and stores the readings; returns how many were stored.</summary>
    public async Task<int> CollectOnceAsync(CancellationToken cancellationToken)
    {
        await _collecting.WaitAsync(cancellationToken);
        try
        {
            return await CollectAsync(cancellationToken);
        }
        finally
        {
            _collecting.Release();
        }
    }

    /// <summary>Downsamples old telemetry now (the collector also does it every compaction interval).</summary>
    public async Task<(int Raw, int Minutes)> CompactAsync(CancellationToken cancellationToken)
    {
        var result = await telemetry.CompactAsync(time.GetUtcNow(), Options.RawRetention, Options.MinuteRetention, cancellationToken);
        if (result.Raw + result.Minutes > 0)
            Log.TelemetryCompacted(logger, result.Raw, result.Minutes);
        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Only the leader knows which job holds which GPU, and downsampling must run once.
            await leadership.WaitForLeadershipAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await StartSourcesAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A broken driver must not take the server down: run with the sources that started.
            Log.TelemetryCollectFailed(logger, ex);
        }

        _lastCompaction = time.GetUtcNow();
        using var timer = new PeriodicTimer(Options.TelemetryInterval, time);
        try
        {
            // The first reading comes one interval after start, like every later one.
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CollectOnceAsync(stoppingToken);
                    if (time.GetUtcNow() - _lastCompaction >= Options.CompactionInterval)
                    {
                        _lastCompaction = time.GetUtcNow();
                        await CompactAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.TelemetryCollectFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        ITelemetrySource[] sources;
        lock (_sourcesGate)
            sources = [.. _sources];
        foreach (var source in sources)
            await source.DisposeAsync();
    }

    private async Task StartSourcesAsync(CancellationToken cancellationToken)
    {
        var started = new List<string>();
        string? idle = null;
        if (!localOptions.Value.DiscoverGpus || Options.TelemetrySource == "none")
        {
            idle = "GPU discovery or telemetry is turned off";
        }
        else
        {
            var local = await LocalTelemetrySources.StartAsync(Options.TelemetrySource, Options.TelemetryInterval, logger, time, null, cancellationToken);
            if (local is null)
                idle = "no NVIDIA driver library and no working nvidia-smi";
            else
                AddStarted(local, started);
        }

        foreach (var settings in Options.Pools.Values)
        {
            foreach (var url in settings.DcgmExporters)
            {
                var source = new DcgmExporterTelemetrySource(new Uri(url), Options.ScrapeTimeout, logger);
                await source.StartAsync(cancellationToken);
                AddStarted(source, started);
            }
        }

        if (started.Count > 0)
            Log.TelemetryStarted(logger, string.Join(", ", started), Options.TelemetryInterval.TotalSeconds);
        else
            Log.TelemetryIdle(logger, idle ?? "no source configured");
    }

    private void AddStarted(ITelemetrySource source, List<string> names)
    {
        AddSource(source);
        names.Add(source.Name);
    }

    private async Task<int> CollectAsync(CancellationToken cancellationToken)
    {
        ITelemetrySource[] sources;
        lock (_sourcesGate)
            sources = [.. _sources];
        if (sources.Length == 0)
            return 0;

        var now = time.GetUtcNow();
        var localNode = localOptions.Value.NodeName;
        var holders = new Dictionary<(string Node, int Gpu), long>();
        foreach (var allocation in supervisor.Allocations)
        {
            foreach (var placement in allocation.Placements)
            {
                foreach (var device in placement.Devices)
                    holders[(placement.Node, device)] = allocation.JobId;
            }
        }

        var readings = new List<(string Node, GpuSample Sample)>();
        foreach (var source in sources)
        {
            try
            {
                foreach (var sample in await source.ReadAsync(cancellationToken))
                    readings.Add((sample.Node ?? localNode, sample));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.TelemetryReadFailed(logger, source.Name, ex);
            }
        }

        if (readings.Count == 0)
        {
            _latest = [];
            return 0;
        }

        await ResolveProjectsAsync(holders.Values, cancellationToken);
        var attributed = new List<AttributedSample>(readings.Count);
        var points = new List<TelemetryPoint>(readings.Count);
        var changed = new List<GpuInfoRecord>();
        foreach (var (node, sample) in readings)
        {
            long? job = holders.TryGetValue((node, sample.Index), out var j) ? j : null;
            var at = sample.At ?? now;
            attributed.Add(new AttributedSample(node, sample, job, job is { } id ? _projects.GetValueOrDefault(id) : null, at));
            points.Add(new TelemetryPoint(
                node, sample.Index, job, at.ToUnixTimeMilliseconds(), 1, sample.UtilizationPercent, sample.MemoryUsedBytes, sample.MemoryTotalBytes,
                sample.PowerWatts, sample.EnergyMillijoules, sample.TemperatureCelsius, sample.SmClockMhz));
            if (!_known.TryGetValue((node, sample.Index), out var info) || info.Uuid != sample.Uuid || info.Model != sample.Model)
            {
                _known[(node, sample.Index)] = (sample.Uuid, sample.Model);
                changed.Add(new GpuInfoRecord { Node = node, Gpu = sample.Index, Uuid = sample.Uuid, Model = sample.Model, LastSeenMs = at.ToUnixTimeMilliseconds() });
            }
        }

        // Newest reading per GPU for the gauges (a source may report a GPU twice when it queued readings).
        _latest = attributed.GroupBy(a => (a.Node, a.Sample.Index)).Select(g => g.MaxBy(a => a.At)!).ToArray();
        await telemetry.WriteAsync(points, changed, cancellationToken);
        metrics.TelemetrySamples(points.Count);
        foreach (var done in _projects.Keys.Where(id => !holders.ContainsValue(id)).ToArray())
            _projects.TryRemove(done, out _);
        return points.Count;
    }

    private async Task ResolveProjectsAsync(IEnumerable<long> jobIds, CancellationToken cancellationToken)
    {
        var missing = jobIds.Where(id => !_projects.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0)
            return;
        await using var db = store.CreateContext();
        var found = await db.Jobs.AsNoTracking().Where(j => missing.Contains(j.Id)).Select(j => new { j.Id, j.Project }).ToListAsync(cancellationToken);
        foreach (var job in found)
            _projects[job.Id] = job.Project;
    }
}
