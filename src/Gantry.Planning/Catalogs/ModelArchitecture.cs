namespace Gantry.Planning.Catalogs;

/// <summary>
/// A transformer's shape: parameters, layers, hidden size, heads and KV heads, vocabulary, MLP size and experts,
/// as published, with the source.
/// </summary>
public sealed record ModelArchitecture
{
    public required string Name { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string Family { get; init; } = "";

    public required double Params { get; init; }

    /// <summary>Parameters used per token; null for a dense model.</summary>
    public double? ActiveParams { get; init; }

    public required int Layers { get; init; }

    public required int Hidden { get; init; }

    public required int Heads { get; init; }

    public required int KvHeads { get; init; }

    public required int HeadDim { get; init; }

    public required int Vocab { get; init; }

    public required int Ffn { get; init; }

    /// <summary>SwiGLU-style MLP: three matrices (gate, up, down) instead of two.</summary>
    public bool GatedMlp { get; init; }

    public int Experts { get; init; } = 1;

    public int ExpertsPerToken { get; init; } = 1;

    public required int Context { get; init; }

    public required int TrainSeqLen { get; init; }

    public int? SlidingWindow { get; init; }

    public bool TiedEmbeddings { get; init; }

    public required string Source { get; init; }

    public double ParamsPerToken => ActiveParams ?? Params;

    public int AttentionDim => Heads * HeadDim;

    public int KvDim => KvHeads * HeadDim;
}
