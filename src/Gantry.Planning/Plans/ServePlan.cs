namespace Gantry.Planning.Plans;

/// <summary>
/// A sized inference deployment: weights and KV cache, the GPUs per replica and replicas needed, the decode
/// throughput that memory bandwidth allows, and the price per million generated tokens.
/// </summary>
public sealed record ServePlan
{
    public string? Model { get; init; }

    public required double Params { get; init; }

    public required string Gpu { get; init; }

    public required NumericPrecision WeightPrecision { get; init; }

    public required NumericPrecision KvPrecision { get; init; }

    public required long WeightsBytes { get; init; }

    /// <summary>2 · layers · kv_heads · head_dim · bytes per value.</summary>
    public required long KvCacheBytesPerToken { get; init; }

    /// <summary>Tokens one sequence keeps in cache: the context, capped by a sliding attention window.</summary>
    public required int CachedTokensPerSequence { get; init; }

    /// <summary>KV cache of every concurrent sequence at full context.</summary>
    public required long KvCacheBytes { get; init; }

    public required int Context { get; init; }

    public required int Concurrency { get; init; }

    public required int GpusPerReplica { get; init; }

    public required int Replicas { get; init; }

    public required int GpusNeeded { get; init; }

    public required int MaxSequencesPerReplica { get; init; }

    public required long MemoryPerGpuBytes { get; init; }

    public required long UsableMemoryPerGpuBytes { get; init; }

    /// <summary>Tokens per second the fleet cannot exceed: each decode step reads all weights and the batch's KV cache.</summary>
    public required double DecodeTokensPerSUpperBound { get; init; }

    public required double TimePerOutputTokenMsLowerBound { get; init; }

    public double? RequiredTokensPerS { get; init; }

    /// <summary>False when even one sequence per replica cannot reach the requested rate at this concurrency.</summary>
    public required bool MeetsLoad { get; init; }

    /// <summary>At the cheapest on-demand price for the GPU; null when the catalog has none.</summary>
    public double? UsdPerMillionTokens { get; init; }

    public required IReadOnlyList<CostOption> Costs { get; init; }

    public required IReadOnlyList<Assumption> Assumptions { get; init; }
}
