using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gantry.Planning.Cost;
using Gantry.Server.Cluster;
using Gantry.Server.Cost;
using Gantry.Server.Hosting;
using Gantry.Server.Monitoring;
using Gantry.Storage;
using Gantry.Storage.Serving;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

/// <summary>
/// Replica time, durably: every change of a deployment's live replicas (or of the version they run) closes its open
/// span and opens the next in the <c>deployment_spans</c> table, through the metadata writer. A heartbeat moves
/// <see cref="DeploymentSpanRecord.LastSeenMs"/> on open spans; at start, spans a crash left open are closed at their
/// last-seen time, so time the server was down is never billed. Also the <c>gantry_deployment_cost_usd_total</c>
/// counter: what this process's spans cost so far.
/// </summary>
internal sealed class DeploymentSpans
{
    private readonly ConcurrentDictionary<string, Accrual> _accrued = new(StringComparer.Ordinal);
    private readonly MetadataWriter _writer;
    private readonly PriceBook _prices;
    private readonly ClusterInventory _inventory;
    private readonly IOptions<ServerOptions> _server;
    private readonly TimeProvider _time;
    private readonly ILogger<DeploymentSpans> _logger;

    public DeploymentSpans(MetadataWriter writer, PriceBook prices, ClusterInventory inventory, IOptions<ServerOptions> server, GantryMetrics metrics, TimeProvider time, ILogger<DeploymentSpans> logger)
    {
        _writer = writer;
        _prices = prices;
        _inventory = inventory;
        _server = server;
        _time = time;
        _logger = logger;
        metrics.Meter.CreateObservableCounter("gantry_deployment_cost_usd_total", CostSoFar,
            description: "What each deployment's replicas cost since this server started, in USD, at the rates of GET /api/v1/cost/prices");
    }

    /// <summary>Closes the spans a crash left open at their last-seen time; run once at start, before any deployment starts.</summary>
    public Task<int> CloseLeftOpenAsync(CancellationToken cancellationToken) => _writer.WriteAsync(scope =>
    {
        var open = scope.Db.Set<DeploymentSpanRecord>().Where(s => s.EndMs == null).ToList();
        foreach (var span in open)
            span.EndMs = span.LastSeenMs;
        return open.Count;
    }, cancellationToken);

    /// <summary>
    /// Records that <paramref name="spec"/>'s deployment now holds <paramref name="replicas"/> replicas of its version:
    /// a new span when that differs from the open one. A failure is logged, never thrown: a scale must not fail for it.
    /// </summary>
    public async Task RecordAsync(DeploymentSpec spec, int replicas, string? modelPath)
    {
        var holdings = ReplicaHoldings.Of(spec, ModelBytes(modelPath));
        var node = LocalNode();
        try
        {
            var (closed, opened) = await _writer.WriteAsync(scope =>
            {
                var spans = scope.Db.Set<DeploymentSpanRecord>();
                var open = spans.Where(s => s.Deployment == spec.Name && s.EndMs == null).ToList();
                if (replicas > 0 && open.Count == 1 && Same(open[0], spec, replicas, holdings, node))
                    return ((DeploymentSpanRecord?)null, (DeploymentSpanRecord?)null);
                foreach (var span in open)
                {
                    span.EndMs = Math.Max(span.StartMs, scope.NowMs);
                    span.LastSeenMs = span.EndMs.Value;
                }

                DeploymentSpanRecord? next = null;
                var owner = scope.Db.Deployments.Find(spec.Name);
                if (replicas > 0 && owner is not null)
                {
                    next = new DeploymentSpanRecord
                    {
                        Deployment = spec.Name,
                        Project = owner.Project,
                        User = owner.CreatedBy,
                        Model = spec.Model,
                        ModelVersion = spec.Version,
                        Replicas = replicas,
                        CpusPerReplica = holdings.CpusPerReplica,
                        MemoryBytesPerReplica = holdings.MemoryBytesPerReplica,
                        Gpus = holdings.Gpus,
                        Device = holdings.Device,
                        Node = node,
                        Devices = holdings.Devices,
                        StartMs = scope.NowMs,
                        LastSeenMs = scope.NowMs,
                    };
                    spans.Add(next);
                }

                return (open.FirstOrDefault(), next);
            });
            Accrue(spec.Name, closed, opened);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SpanWriteFailed(_logger, spec.Name, e);
        }
    }

    /// <summary>Closes every open span now: the server stops, and its replicas with it.</summary>
    public async Task CloseAllAsync()
    {
        try
        {
            var closed = await _writer.WriteAsync(scope =>
            {
                var open = scope.Db.Set<DeploymentSpanRecord>().Where(s => s.EndMs == null).ToList();
                foreach (var span in open)
                {
                    span.EndMs = Math.Max(span.StartMs, scope.NowMs);
                    span.LastSeenMs = span.EndMs.Value;
                }

                return open;
            });
            foreach (var span in closed)
                Accrue(span.Deployment, span, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SpanWriteFailed(_logger, "*", e);
        }
    }

    /// <summary>Moves last-seen to now on every open span: the most a crash can leave unbilled is one heartbeat.</summary>
    public Task<int> HeartbeatAsync(CancellationToken cancellationToken) => _writer.WriteAsync(scope =>
    {
        var open = scope.Db.Set<DeploymentSpanRecord>().Where(s => s.EndMs == null).ToList();
        foreach (var span in open)
            span.LastSeenMs = Math.Max(span.LastSeenMs, scope.NowMs);
        return open.Count;
    }, cancellationToken);

    private static bool Same(DeploymentSpanRecord span, DeploymentSpec spec, int replicas, ReplicaHoldings holdings, string? node) =>
        span.Replicas == replicas && span.ModelVersion == spec.Version && span.Model == spec.Model && span.Device == holdings.Device
        && span.CpusPerReplica == holdings.CpusPerReplica && span.MemoryBytesPerReplica == holdings.MemoryBytesPerReplica && span.Node == node;

    private static long ModelBytes(string? path)
    {
        if (path is null)
            return 0;
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private string? LocalNode()
    {
        var local = _server.Value.LocalPool;
        return _inventory.Nodes.Where(n => n.Pool == local).Select(n => n.Node.Name).FirstOrDefault();
    }

    private void Accrue(string deployment, DeploymentSpanRecord? closed, DeploymentSpanRecord? opened)
    {
        var accrual = _accrued.GetOrAdd(deployment, _ => new Accrual());
        lock (accrual)
        {
            if (closed is not null && accrual.OpenId == closed.Id)
            {
                accrual.ClosedUsd += accrual.UsdPerHour * Math.Max(0, closed.EndMs!.Value - accrual.OpenStartMs) / CostMath.MsPerHour;
                accrual.OpenId = null;
            }

            if (opened is not null)
            {
                accrual.OpenId = opened.Id;
                accrual.OpenStartMs = opened.StartMs;
                accrual.UsdPerHour = HourlyCost(opened);
            }
        }
    }

    private double HourlyCost(DeploymentSpanRecord span)
    {
        var allocation = DeploymentCostSource.ToAllocation(span, _prices);
        var rates = _prices.RatesFor(allocation.Node, allocation.Pool);
        return CostMath.Of(allocation with { StartMs = 0, EndMs = (long)CostMath.MsPerHour }, rates, 0, (long)CostMath.MsPerHour, (long)CostMath.MsPerHour).TotalCost;
    }

    private IEnumerable<Measurement<double>> CostSoFar()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (deployment, accrual) in _accrued)
        {
            double usd;
            lock (accrual)
            {
                usd = accrual.ClosedUsd;
                if (accrual.OpenId is not null)
                    usd += accrual.UsdPerHour * Math.Max(0, now - accrual.OpenStartMs) / CostMath.MsPerHour;
            }

            yield return new Measurement<double>(usd, new KeyValuePair<string, object?>("deployment", deployment));
        }
    }

    private sealed class Accrual
    {
        public double ClosedUsd { get; set; }

        public long? OpenId { get; set; }

        public long OpenStartMs { get; set; }

        public double UsdPerHour { get; set; }
    }
}
