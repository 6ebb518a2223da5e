namespace Gantry.Server.Hosting;

/// <summary>HTTP limits. Bound from the "Server" configuration section.</summary>
public sealed class ServerOptions
{
    /// <summary>Largest request body accepted on the API. <value>The default value is 1 MiB.</value></summary>
    public long MaxRequestBytes { get; set; } = 1 << 20;

    /// <summary>Name of the pool of this machine's local executor. <value>The default value is "local".</value></summary>
    public string LocalPool { get; set; } = "local";

    /// <summary>Where this machine's local pool is: "on-prem" or "cloud". <value>The default value is "on-prem".</value></summary>
    public string LocalLocation { get; set; } = "on-prem";

    /// <summary>The region of this machine's local pool. <value>The default value is "local".</value></summary>
    public string LocalRegion { get; set; } = "local";
}
