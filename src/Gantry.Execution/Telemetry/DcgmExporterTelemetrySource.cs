using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// Reads the GPUs of remote nodes (Slurm, Kubernetes) by scraping a DCGM exporter's <c>/metrics</c>
/// page. A failing endpoint is logged once until it answers again; it never stops the collector.
/// </summary>
public sealed class DcgmExporterTelemetrySource : ITelemetrySource
{
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private bool _failing;

    /// <param name="url">The exporter's metrics page, e.g. http://gpu-node-1:9400/metrics.</param>
    /// <param name="timeout">How long one scrape may take.</param>
    /// <param name="logger">Where failures are reported.</param>
    /// <param name="handler">The HTTP handler to use (not disposed by this source); null for a new one.</param>
    public DcgmExporterTelemetrySource(Uri url, TimeSpan timeout, ILogger logger, HttpMessageHandler? handler = null)
    {
        _url = url;
        _logger = logger;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = timeout;
    }

    /// <inheritdoc />
    public string Name => "dcgm-exporter " + _url;

    /// <inheritdoc />
    public Task<bool> StartAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <inheritdoc />
    public async Task<IReadOnlyList<GpuSample>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var text = await _http.GetStringAsync(_url, cancellationToken);
            if (_failing)
                _logger.TelemetrySourceRecovered(Name);
            _failing = false;
            return DcgmExporterParser.Parse(text, _url.Host);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
                _logger.TelemetrySourceFailed(Name, e.Message);
            _failing = true;
            return [];
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
