namespace Gantry.Server.Serving;

/// <summary>Model serving: request limits, rate limits and the autoscaler. Bound from the "Serving" configuration section.</summary>
public sealed class ServingOptions
{
    /// <summary>Gets or sets the largest inference request body (JSON plus binary tensor data). <value>The default value is 64 MiB.</value></summary>
    public long MaxRequestBytes { get; set; } = 64L << 20;

    /// <summary>Gets or sets the per-token rate limit and prediction quota; a deployment may override each.</summary>
    public ServingRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Gets or sets the p99 request latency the autoscaler aims for. <value>The default value is 100 ms.</value></summary>
    public double TargetLatencyMs { get; set; } = 100;

    /// <summary>Gets or sets how often the autoscaler looks at each deployment. <value>The default value is 10 seconds.</value></summary>
    public TimeSpan AutoscaleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a deployment with min_replicas 0 stays without requests before it scales to zero. <value>The default value is 5 minutes.</value></summary>
    public TimeSpan ScaleToZeroAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the Retry-After (seconds) sent while a deployment loads or scales from zero. <value>The default value is 2.</value></summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>Gets or sets where model files are written for ONNX Runtime. <value>The default value is null: &lt;data-dir&gt;/serving.</value></summary>
    public string? ModelDir { get; set; }

    /// <summary>Gets or sets how often prediction counts go from memory to the database (a SIGKILL loses at most this much). <value>The default value is 5 seconds.</value></summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often open replica spans are marked as still running (a crash leaves at most this much unbilled). <value>The default value is 60 seconds.</value></summary>
    public TimeSpan SpanHeartbeat { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Returns the problems with these options, if any.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxRequestBytes < 1024)
            problems.Add("Serving:MaxRequestBytes must be at least 1024.");
        if (TargetLatencyMs <= 0 || !double.IsFinite(TargetLatencyMs))
            problems.Add("Serving:TargetLatencyMs must be above zero.");
        if (AutoscaleInterval <= TimeSpan.Zero)
            problems.Add("Serving:AutoscaleInterval must be above zero.");
        if (ScaleToZeroAfter < TimeSpan.Zero)
            problems.Add("Serving:ScaleToZeroAfter must not be negative.");
        if (RetryAfterSeconds < 1)
            problems.Add("Serving:RetryAfterSeconds must be at least 1.");
        if (UsageFlushInterval <= TimeSpan.Zero)
            problems.Add("Serving:UsageFlushInterval must be above zero.");
        if (SpanHeartbeat <= TimeSpan.Zero)
            problems.Add("Serving:SpanHeartbeat must be above zero.");
        problems.AddRange(RateLimit.Validate());
        return problems;
    }
}
