using System.Collections.Concurrent;
using System.Globalization;
using Gantry.Planning.Cost;
using Gantry.Storage;
using Gantry.Storage.Serving;

namespace Gantry.Server.Serving;

/// <summary>
/// Prediction counts, durably: the infer path adds to in-memory counters per deployment, version and UTC hour
/// (Interlocked, no lock, no I/O), and <see cref="FlushAsync"/> adds them to the <c>deployment_usage</c> table through
/// the metadata writer every few seconds and at shutdown. A SIGKILL loses at most the counts since the last flush.
/// A prediction is one row of the batch dimension (the first input's first dimension); requests are counted too.
/// </summary>
internal sealed class ServingUsage(MetadataWriter writer, TimeProvider time)
{
    private static readonly double[] Bounds = [.. DeploymentUsageRecord.LatencyBuckets];
    private readonly ConcurrentDictionary<UsageKey, Counters> _pending = new();

    /// <summary>A request answered with outputs: its rows and its time from arrival to the answer.</summary>
    public void Succeeded(string deployment, string project, int version, long rows, double seconds)
    {
        var counters = For(deployment, project, version);
        Interlocked.Increment(ref counters.Requests);
        Interlocked.Add(ref counters.Predictions, rows);
        Interlocked.Add(ref counters.LatencyMicros, (long)(seconds * 1e6));
        var bucket = Array.BinarySearch(Bounds, seconds);
        Interlocked.Increment(ref counters.Buckets[bucket >= 0 ? bucket : ~bucket]);
    }

    /// <summary>A request refused or failed (any 4xx or 5xx once the deployment was found).</summary>
    public void Failed(string deployment, string project, int version) =>
        Interlocked.Increment(ref For(deployment, project, version).Failures);

    /// <summary>Adds what was counted since the last flush to the table; on failure the counts go back for the next try.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var deltas = new List<UsageDelta>();
        foreach (var (key, counters) in _pending)
        {
            var delta = counters.Take(key);
            if (delta is not null)
                deltas.Add(delta);
        }

        // Hours long past that saw nothing since the last flush are dropped from memory.
        var stale = HourOf(time.GetUtcNow().ToUnixTimeMilliseconds()) - (2 * (long)CostMath.MsPerHour);
        foreach (var key in _pending.Keys.Where(k => k.HourMs < stale && deltas.All(d => d.Key != k)))
            _pending.TryRemove(key, out _);
        if (deltas.Count == 0)
            return 0;
        try
        {
            await writer.WriteAsync(scope =>
            {
                var table = scope.Db.Set<DeploymentUsageRecord>();
                foreach (var delta in deltas)
                {
                    var row = table.Find(delta.Key.Deployment, delta.Key.Version, delta.Key.HourMs);
                    if (row is null)
                    {
                        row = new DeploymentUsageRecord
                        {
                            Deployment = delta.Key.Deployment,
                            ModelVersion = delta.Key.Version,
                            HourMs = delta.Key.HourMs,
                            Project = delta.Project,
                            LatencyCounts = string.Join(',', new long[Bounds.Length + 1]),
                        };
                        table.Add(row);
                    }

                    row.Requests += delta.Requests;
                    row.Predictions += delta.Predictions;
                    row.Failures += delta.Failures;
                    row.LatencySumSeconds += delta.LatencyMicros / 1e6;
                    row.LatencyCounts = AddCounts(row.LatencyCounts, delta.Buckets);
                }

                return deltas.Count;
            }, cancellationToken);
        }
        catch
        {
            foreach (var delta in deltas)
                For(delta.Key.Deployment, delta.Project, delta.Key.Version, delta.Key.HourMs).Add(delta);
            throw;
        }

        return deltas.Count;
    }

    /// <summary>What is counted in memory and not yet in the table, for reads that must be exact (reports, stats).</summary>
    public IReadOnlyList<DeploymentUsageRecord> Pending()
    {
        var result = new List<DeploymentUsageRecord>();
        foreach (var (key, counters) in _pending)
        {
            var row = counters.Peek(key);
            if (row is not null)
                result.Add(row);
        }

        return result;
    }

    /// <summary>The start of the UTC hour holding <paramref name="ms"/>.</summary>
    public static long HourOf(long ms) => ms - ((ms % (long)CostMath.MsPerHour) + (long)CostMath.MsPerHour) % (long)CostMath.MsPerHour;

    /// <summary>The latency counts of a stored row.</summary>
    public static long[] ParseCounts(string text)
    {
        var counts = new long[Bounds.Length + 1];
        var parts = text.Split(',');
        for (var i = 0; i < Math.Min(parts.Length, counts.Length); i++)
            counts[i] = long.Parse(parts[i], CultureInfo.InvariantCulture);
        return counts;
    }

    /// <summary>
    /// The <paramref name="q"/> quantile of a latency histogram in milliseconds, interpolated linearly inside its
    /// bucket as Prometheus's histogram_quantile does; the slowest bucket answers its lower bound. Null when empty.
    /// </summary>
    public static double? QuantileMs(long[] counts, double q)
    {
        var total = counts.Sum();
        if (total == 0)
            return null;
        var rank = q * total;
        long below = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0 && below + counts[i] >= rank)
            {
                if (i == Bounds.Length)
                    return Bounds[^1] * 1000;
                var lower = i == 0 ? 0 : Bounds[i - 1];
                var upper = Bounds[i];
                return (lower + ((upper - lower) * (rank - below) / counts[i])) * 1000;
            }

            below += counts[i];
        }

        return Bounds[^1] * 1000;
    }

    private static string AddCounts(string stored, long[] delta)
    {
        var counts = ParseCounts(stored);
        for (var i = 0; i < counts.Length; i++)
            counts[i] += delta[i];
        return string.Join(',', counts.Select(c => c.ToString(CultureInfo.InvariantCulture)));
    }

    private Counters For(string deployment, string project, int version, long? hourMs = null)
    {
        var key = new UsageKey(deployment, version, hourMs ?? HourOf(time.GetUtcNow().ToUnixTimeMilliseconds()));
        return _pending.TryGetValue(key, out var found) ? found : _pending.GetOrAdd(key, _ => new Counters(project));
    }

    private readonly record struct UsageKey(string Deployment, int Version, long HourMs);

    private sealed record UsageDelta(UsageKey Key, string Project, long Requests, long Predictions, long Failures, long LatencyMicros, long[] Buckets);

    private sealed class Counters(string project)
    {
        public readonly long[] Buckets = new long[Bounds.Length + 1];
        public long Requests;
        public long Predictions;
        public long Failures;
        public long LatencyMicros;

        public string Project { get; } = project;

        public UsageDelta? Take(UsageKey key)
        {
            var buckets = new long[Buckets.Length];
            for (var i = 0; i < buckets.Length; i++)
                buckets[i] = Interlocked.Exchange(ref Buckets[i], 0);
            var delta = new UsageDelta(key, Project, Interlocked.Exchange(ref Requests, 0), Interlocked.Exchange(ref Predictions, 0),
                Interlocked.Exchange(ref Failures, 0), Interlocked.Exchange(ref LatencyMicros, 0), buckets);
            return delta.Requests == 0 && delta.Failures == 0 && delta.Predictions == 0 && buckets.All(b => b == 0) ? null : delta;
        }

        public void Add(UsageDelta delta)
        {
            Interlocked.Add(ref Requests, delta.Requests);
            Interlocked.Add(ref Predictions, delta.Predictions);
            Interlocked.Add(ref Failures, delta.Failures);
            Interlocked.Add(ref LatencyMicros, delta.LatencyMicros);
            for (var i = 0; i < Buckets.Length; i++)
                Interlocked.Add(ref Buckets[i], delta.Buckets[i]);
        }

        public DeploymentUsageRecord? Peek(UsageKey key)
        {
            var requests = Volatile.Read(ref Requests);
            var failures = Volatile.Read(ref Failures);
            if (requests == 0 && failures == 0)
                return null;
            return new DeploymentUsageRecord
            {
                Deployment = key.Deployment,
                ModelVersion = key.Version,
                HourMs = key.HourMs,
                Project = Project,
                Requests = requests,
                Predictions = Volatile.Read(ref Predictions),
                Failures = failures,
                LatencySumSeconds = Volatile.Read(ref LatencyMicros) / 1e6,
                LatencyCounts = string.Join(',', Buckets.Select(b => b.ToString(CultureInfo.InvariantCulture))),
            };
        }
    }
}
