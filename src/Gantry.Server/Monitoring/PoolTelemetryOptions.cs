namespace Gantry.Server.Monitoring;

/// <summary>Where the GPU telemetry of a pool's nodes comes from.</summary>
public sealed class PoolTelemetryOptions
{
    /// <summary>DCGM exporter metrics URLs, e.g. http://gpu-node-1:9400/metrics. <value>The default value is none.</value></summary>
    public IList<string> DcgmExporters { get; set; } = [];
}
