using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gantry.Server.Monitoring;

/// <summary>
/// The server's one <see cref="Meter"/>, exported on <c>/metrics</c>, and the instruments recorded
/// where things happen. Other areas add their instruments to <see cref="Meter"/> (inference
/// histograms, cost counters) and they appear on <c>/metrics</c> with no further wiring.
/// </summary>
/// <remarks>
/// Naming: Prometheus names as the exporter will print them. Gantry's own metrics start with
/// <c>gantry_</c>; counters end in <c>_total</c> (the exporter adds no suffix, so DCGM's counter keeps its
/// name); durations are histograms in seconds created with unit "s" (the exporter appends
/// <c>_seconds</c>: name them without it) and explicit buckets through <see cref="InstrumentAdvice{T}"/>.
/// </remarks>
internal sealed class GantryMetrics : IDisposable
{
    /// <summary>The meter's name in production. A second server in the same process (tests) gets "Gantry.2".</summary>
    public const string MeterName = "Gantry";

    private static readonly ConcurrentDictionary<string, bool> NamesInUse = new(StringComparer.Ordinal);

    private static readonly double[] WaitBuckets = [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400];
    private static readonly double[] RunBuckets = [1, 10, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400, 259200, 604800];
    private static readonly double[] CycleBuckets = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _runTime;
    private readonly Histogram<double> _schedulerCycle;
    private readonly Counter<long> _attemptsStarted;
    private readonly Counter<long> _attemptsFinished;
    private readonly Counter<long> _metricPoints;
    private readonly Counter<long> _metricLinesSkipped;
    private readonly Counter<long> _telemetrySamples;

    public GantryMetrics(string name)
    {
        Meter = new Meter(name, typeof(GantryMetrics).Assembly.GetName().Version?.ToString());
        _queueWait = Meter.CreateHistogram<double>("gantry_job_queue_wait", "s",
            "Time a job attempt waited in the queue before it started", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
        _runTime = Meter.CreateHistogram<double>("gantry_job_run", "s",
            "Running time of job attempts, by how they ended (succeeded, failed, cancelled, retried)", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _schedulerCycle = Meter.CreateHistogram<double>("gantry_scheduler_cycle", "s",
            "Time of one scheduling cycle: read the queue, plan, commit, launch", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CycleBuckets });
        _attemptsStarted = Meter.CreateCounter<long>("gantry_job_attempts_started_total", description: "Job attempts started");
        _attemptsFinished = Meter.CreateCounter<long>("gantry_job_attempts_finished_total", description: "Job attempts ended, by how they ended");
        _metricPoints = Meter.CreateCounter<long>("gantry_job_metric_points_total", description: "Metric values jobs reported (metrics file and API)");
        _metricLinesSkipped = Meter.CreateCounter<long>("gantry_job_metric_lines_skipped_total", description: "Job metrics lines skipped as malformed");
        _telemetrySamples = Meter.CreateCounter<long>("gantry_telemetry_samples_total", description: "GPU telemetry readings stored");
    }

    /// <summary>Gantry's meter: create instruments on it to have them exported.</summary>
    public Meter Meter { get; }

    /// <summary>Reserves a meter name no other live server in this process uses.</summary>
    public static string ReserveName()
    {
        if (NamesInUse.TryAdd(MeterName, true))
            return MeterName;
        for (var i = 2; ; i++)
        {
            var name = $"{MeterName}.{i}";
            if (NamesInUse.TryAdd(name, true))
                return name;
        }
    }

    public void AttemptStarted(double queueWaitSeconds)
    {
        _attemptsStarted.Add(1);
        _queueWait.Record(queueWaitSeconds);
    }

    public void AttemptFinished(double runSeconds, string outcome)
    {
        var tag = new KeyValuePair<string, object?>("state", outcome);
        _attemptsFinished.Add(1, tag);
        _runTime.Record(runSeconds, tag);
    }

    public void SchedulerCycle(double seconds) => _schedulerCycle.Record(seconds);

    public void MetricPoints(long stored, long skippedLines)
    {
        if (stored > 0)
            _metricPoints.Add(stored);
        if (skippedLines > 0)
            _metricLinesSkipped.Add(skippedLines);
    }

    public void TelemetrySamples(int count) => _telemetrySamples.Add(count);

    public void Dispose()
    {
        Meter.Dispose();
        NamesInUse.TryRemove(Meter.Name, out _);
    }
}
