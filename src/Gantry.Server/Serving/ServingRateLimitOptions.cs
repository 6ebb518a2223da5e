namespace Gantry.Server.Serving;

/// <summary>What one token may ask of one deployment. Bound from "Serving:RateLimit".</summary>
public sealed class ServingRateLimitOptions
{
    /// <summary>Gets or sets the sustained requests per second per token and deployment. <value>The default value is 1000.</value></summary>
    public double RequestsPerSecond { get; set; } = 1000;

    /// <summary>Gets or sets how many requests a token may send at once above the rate. <value>The default value is 2000.</value></summary>
    public int Burst { get; set; } = 2000;

    /// <summary>Gets or sets the predictions (rows) a token may ask of one deployment in all; 0 is no limit. <value>The default value is 0.</value></summary>
    public long PredictionQuota { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RequestsPerSecond <= 0 || !double.IsFinite(RequestsPerSecond))
            problems.Add("Serving:RateLimit:RequestsPerSecond must be above zero.");
        if (Burst < 1)
            problems.Add("Serving:RateLimit:Burst must be at least 1.");
        if (PredictionQuota < 0)
            problems.Add("Serving:RateLimit:PredictionQuota must not be negative.");
        return problems;
    }
}
