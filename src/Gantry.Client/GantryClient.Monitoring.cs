using Gantry.Core.Api.Monitoring;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>
    /// GPU telemetry over a range: <paramref name="since"/> is a duration back from now ("15m", "7d") or a
    /// timestamp; <paramref name="step"/> a duration ("1m"); the server picks about 300 steps when null.
    /// </summary>
    public Task<GpuTelemetryResponse> GetGpuTelemetryAsync(
        string? node = null, int? gpu = null, string? since = null, string? step = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString("api/v1/gpus/telemetry")
            .Add("node", node)
            .Add("gpu", gpu)
            .Add("since", since)
            .Add("step", step);
        return GetAsync<GpuTelemetryResponse>(path.ToString(), cancellationToken);
    }

    /// <summary>The utilisation of the GPUs job <paramref name="id"/> held, and its GPU-hours.</summary>
    public Task<JobGpuUsageView> GetJobGpuUsageAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<JobGpuUsageView>(JobPath(id) + "/gpu", cancellationToken);

    /// <summary>The metrics job <paramref name="id"/> reported (the newest <paramref name="limit"/> per key) and its usage.</summary>
    public Task<JobMetricsView> GetJobMetricsAsync(long id, string? key = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(JobPath(id) + "/metrics").Add("key", key).Add("limit", limit);
        return GetAsync<JobMetricsView>(path.ToString(), cancellationToken);
    }

    /// <summary>Reports metrics for job <paramref name="id"/>: each entry like a metrics-file line, e.g. step, loss, accuracy.</summary>
    public Task<JobMetricsReport> ReportJobMetricsAsync(long id, IReadOnlyList<IReadOnlyDictionary<string, double>> lines, CancellationToken cancellationToken = default) =>
        SendAsync<JobMetricsReport>(HttpMethod.Post, JobPath(id) + "/metrics", lines, cancellationToken);

    /// <summary>The server's <c>/metrics</c> page (Prometheus text format).</summary>
    public Task<string> GetMetricsTextAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "metrics", null, ReadTextAsync, RequestTimeout, cancellationToken);
}
