using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gantry.Server.Monitoring;
using Gantry.Serving;

namespace Gantry.Server.Serving;

/// <summary>
/// Inference metrics on Gantry's meter (exported at <c>/metrics</c>): request, queue and compute time, batch rows,
/// requests and failures per deployment and version, and gauges of replicas and queued rows. The runtime reports queue,
/// compute and batches through <see cref="IServingObserver"/>; the HTTP layer reports whole requests.
/// </summary>
internal sealed class ServingMetrics : IServingObserver
{
    // From 50 µs (a tiny model on a warm CPU) to 10 s (a large batch on a slow device).
    private static readonly double[] TimeBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] RowBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096];

    private readonly Histogram<double> _request;
    private readonly Histogram<double> _queue;
    private readonly Histogram<double> _compute;
    private readonly Histogram<double> _batchRows;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _predictions;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _expired;
    private Func<IEnumerable<LiveDeployment>> _deployments = () => [];

    public ServingMetrics(GantryMetrics metrics)
    {
        var meter = metrics.Meter;
        var timeAdvice = new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeBuckets };
        _request = meter.CreateHistogram<double>("gantry_inference_request", "s",
            "Time of inference requests from the body read to the response written", advice: timeAdvice);
        _queue = meter.CreateHistogram<double>("gantry_inference_queue", "s",
            "Time inference requests waited in their deployment's queue for a batch", advice: timeAdvice);
        _compute = meter.CreateHistogram<double>("gantry_inference_compute", "s",
            "Time ONNX Runtime took to run one batch", advice: timeAdvice);
        _batchRows = meter.CreateHistogram<double>("gantry_inference_batch_rows", null,
            "Rows in each batch ONNX Runtime ran", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RowBuckets });
        _succeeded = meter.CreateCounter<long>("gantry_inference_requests_total", description: "Inference requests answered with outputs");
        _predictions = meter.CreateCounter<long>("gantry_inference_predictions_total", description: "Predictions answered: rows of the batch dimension in successful requests");
        _failed = meter.CreateCounter<long>("gantry_inference_failures_total", description: "Inference requests refused or failed, by HTTP status code");
        _expired = meter.CreateCounter<long>("gantry_inference_expired_total", description: "Requests dropped from a queue uncomputed because their deadline passed");
        meter.CreateObservableGauge("gantry_inference_replicas", Replicas, description: "Replicas of each deployment, by state: requested or ready");
        meter.CreateObservableGauge("gantry_inference_queue_rows", QueueRows, description: "Rows waiting in each deployment's queue");
    }

    /// <summary>Where the gauges read the live deployments from (set by the manager).</summary>
    public void Watch(Func<IEnumerable<LiveDeployment>> deployments) => _deployments = deployments;

    public void Succeeded(string deployment, string version, long rows, double seconds)
    {
        var tags = new TagList { { "deployment", deployment }, { "version", version } };
        _succeeded.Add(1, tags);
        _predictions.Add(rows, tags);
        _request.Record(seconds, tags);
    }

    public void Failed(string deployment, string version, int status, double seconds)
    {
        var tags = new TagList { { "deployment", deployment }, { "version", version } };
        _request.Record(seconds, tags);
        tags.Add("code", StatusText(status));
        _failed.Add(1, tags);
    }

    public void OnDequeued(ModelDeployment deployment, TimeSpan queueWait, bool expired)
    {
        var tags = new TagList { { "deployment", deployment.Name }, { "version", deployment.Version } };
        _queue.Record(queueWait.TotalSeconds, tags);
        if (expired)
            _expired.Add(1, tags);
    }

    public void OnBatch(ModelDeployment deployment, int rows, int requests, TimeSpan compute)
    {
        var tags = new TagList { { "deployment", deployment.Name }, { "version", deployment.Version } };
        _compute.Record(compute.TotalSeconds, tags);
        _batchRows.Record(rows, tags);
    }

    private static string StatusText(int status) => status switch
    {
        400 => "400",
        403 => "403",
        404 => "404",
        413 => "413",
        429 => "429",
        503 => "503",
        504 => "504",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private IEnumerable<Measurement<int>> Replicas()
    {
        foreach (var live in _deployments())
        {
            var version = live.Spec.VersionText;
            var model = live.Slot?.Model;
            yield return new Measurement<int>(live.TargetReplicas,
                new KeyValuePair<string, object?>("deployment", live.Name), new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("state", "requested"));
            yield return new Measurement<int>(model?.ReadyReplicas ?? 0,
                new KeyValuePair<string, object?>("deployment", live.Name), new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("state", "ready"));
        }
    }

    private IEnumerable<Measurement<int>> QueueRows()
    {
        foreach (var live in _deployments())
        {
            if (live.Slot?.Model is { } model)
            {
                yield return new Measurement<int>(model.QueuedRows,
                    new KeyValuePair<string, object?>("deployment", live.Name), new KeyValuePair<string, object?>("version", live.Spec.VersionText));
            }
        }
    }
}
