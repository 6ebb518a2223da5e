namespace Gantry.Execution.Telemetry;

/// <summary>
/// Averages telemetry into coarser buckets (1 s readings into minutes, minutes into hours). Points are
/// grouped by GPU, by the job that held it and by bucket, so attribution survives downsampling; each
/// average is weighted by the readings behind it, so averaging averages stays exact. The energy
/// counter keeps its largest value in the bucket (it only grows).
/// </summary>
public static class TelemetryDownsampler
{
    /// <summary>The start of the bucket of <paramref name="bucketMs"/> that holds <paramref name="atMs"/>.</summary>
    public static long BucketStart(long atMs, long bucketMs) => atMs - (((atMs % bucketMs) + bucketMs) % bucketMs);

    public static IReadOnlyList<TelemetryPoint> Rollup(IEnumerable<TelemetryPoint> points, long bucketMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var buckets = new Dictionary<(string Node, int Gpu, long? Job, long At), Accumulator>();
        foreach (var p in points)
        {
            var key = (p.Node, p.Gpu, p.JobId, BucketStart(p.AtMs, bucketMs));
            if (!buckets.TryGetValue(key, out var acc))
                buckets[key] = acc = new Accumulator();
            acc.Add(p);
        }

        return buckets
            .OrderBy(b => b.Key.Node, StringComparer.Ordinal).ThenBy(b => b.Key.Gpu).ThenBy(b => b.Key.At).ThenBy(b => b.Key.Job)
            .Select(b => b.Value.ToPoint(b.Key.Node, b.Key.Gpu, b.Key.Job, b.Key.At))
            .ToArray();
    }

    private sealed class Accumulator
    {
        private readonly Mean _utilization = new();
        private readonly Mean _memoryUsed = new();
        private readonly Mean _memoryTotal = new();
        private readonly Mean _power = new();
        private readonly Mean _temperature = new();
        private readonly Mean _clock = new();
        private double? _energy;
        private int _samples;

        public void Add(TelemetryPoint p)
        {
            var weight = Math.Max(1, p.Samples);
            _samples += weight;
            _utilization.Add(p.UtilizationPercent, weight);
            _memoryUsed.Add(p.MemoryUsedBytes, weight);
            _memoryTotal.Add(p.MemoryTotalBytes, weight);
            _power.Add(p.PowerWatts, weight);
            _temperature.Add(p.TemperatureCelsius, weight);
            _clock.Add(p.SmClockMhz, weight);
            if (p.EnergyMillijoules is { } energy)
                _energy = _energy is { } e ? Math.Max(e, energy) : energy;
        }

        public TelemetryPoint ToPoint(string node, int gpu, long? job, long at) => new(
            node, gpu, job, at, _samples,
            _utilization.Value, _memoryUsed.Value, _memoryTotal.Value, _power.Value, _energy, _temperature.Value, _clock.Value);
    }

    private sealed class Mean
    {
        private double _sum;
        private long _weight;

        public double? Value => _weight == 0 ? null : _sum / _weight;

        public void Add(double? value, int weight)
        {
            if (value is not { } v)
                return;
            _sum += v * weight;
            _weight += weight;
        }
    }
}
