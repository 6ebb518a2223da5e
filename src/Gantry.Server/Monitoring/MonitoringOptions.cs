namespace Gantry.Server.Monitoring;

/// <summary>Metrics, GPU telemetry and job metrics. Bound from the "Monitoring" configuration section.</summary>
public sealed class MonitoringOptions
{
    /// <summary>Whether <c>/metrics</c> answers without a bearer token (for scrapers on a trusted network). <value>The default value is false.</value></summary>
    public bool MetricsAnonymous { get; set; }

    /// <summary>How often GPUs are read. <value>The default value is 1 second.</value></summary>
    public TimeSpan TelemetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How this machine's GPUs are read: "auto" (NVML, else nvidia-smi), "nvml", "nvidia-smi" or "none". <value>The default value is "auto".</value></summary>
    public string TelemetrySource { get; set; } = "auto";

    /// <summary>How long raw readings are kept before they become minute averages. <value>The default value is 1 hour.</value></summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long minute averages are kept before they become hour averages (kept for good). <value>The default value is 30 days.</value></summary>
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often old telemetry is downsampled. <value>The default value is 1 minute.</value></summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one DCGM exporter scrape may take. <value>The default value is 5 seconds.</value></summary>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the metrics files of running jobs are read. <value>The default value is 2 seconds.</value></summary>
    public TimeSpan JobMetricsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest metrics line accepted; longer lines are skipped. <value>The default value is 64 KiB.</value></summary>
    public int MaxMetricLineBytes { get; set; } = 64 * 1024;

    /// <summary>Most metric values stored per job; later ones are skipped. <value>The default value is 1,000,000.</value></summary>
    public long MaxMetricPointsPerJob { get; set; } = 1_000_000;

    /// <summary>Per pool: the DCGM exporter endpoints that report its nodes' GPUs. <value>The default value is none.</value></summary>
    public IDictionary<string, PoolTelemetryOptions> Pools { get; set; } = new Dictionary<string, PoolTelemetryOptions>(StringComparer.Ordinal);

    /// <summary>The problems of these settings, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TelemetryInterval < TimeSpan.FromMilliseconds(100))
            errors.Add("Monitoring:TelemetryInterval must be at least 100ms.");
        if (!Execution.Telemetry.LocalTelemetrySources.Kinds.Contains(TelemetrySource))
            errors.Add($"Monitoring:TelemetrySource '{TelemetrySource}' is not one of {string.Join(", ", Execution.Telemetry.LocalTelemetrySources.Kinds)}.");
        if (RawRetention < TimeSpan.FromMinutes(1))
            errors.Add("Monitoring:RawRetention must be at least 1 minute.");
        if (MinuteRetention < TimeSpan.FromHours(1))
            errors.Add("Monitoring:MinuteRetention must be at least 1 hour.");
        if (CompactionInterval <= TimeSpan.Zero || JobMetricsInterval <= TimeSpan.Zero || ScrapeTimeout <= TimeSpan.Zero)
            errors.Add("Monitoring:CompactionInterval, JobMetricsInterval and ScrapeTimeout must be positive.");
        if (MaxMetricLineBytes < 64)
            errors.Add("Monitoring:MaxMetricLineBytes must be at least 64.");
        foreach (var (pool, settings) in Pools)
        {
            foreach (var url in settings.DcgmExporters)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    errors.Add($"Monitoring:Pools:{pool}:DcgmExporters has '{url}', which is not an http(s) URL.");
            }
        }

        return errors;
    }
}
