namespace Gantry.Planning.Plans;

/// <summary>
/// What to serve and under what load: a catalog model or a parameter count, the tokens each sequence holds
/// (prompt plus output), how many sequences run at once, and optionally a request rate to meet.
/// </summary>
public sealed record ServePlanInput
{
    public string? Model { get; init; }

    public string? Params { get; init; }

    public string? Gpu { get; init; }

    /// <summary>Tokens cached per sequence, prompt and output together; the model's context when null.</summary>
    public int? Context { get; init; }

    /// <summary>Sequences decoded at the same time across the fleet; 1 when null.</summary>
    public int? Concurrency { get; init; }

    /// <summary>Requests per second to sustain; when null, the plan sizes for memory and reports the throughput bound.</summary>
    public double? Qps { get; init; }

    /// <summary>Output tokens per request, to turn a request rate into tokens per second; 256 when null.</summary>
    public int? OutputTokens { get; init; }

    public NumericPrecision? WeightPrecision { get; init; }

    public NumericPrecision? KvPrecision { get; init; }

    public double? UsableMemoryFraction { get; init; }
}
