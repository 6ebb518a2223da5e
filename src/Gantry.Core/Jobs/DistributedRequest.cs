namespace Gantry.Core.Jobs;

/// <summary>A validated <see cref="DistributedSpec"/>: a known framework and a positive process count per node.</summary>
public sealed record DistributedRequest(string Framework, int ProcessesPerNode)
{
    public const string PyTorch = "pytorch";
    public const string TensorFlow = "tensorflow";
    public const string Spark = "spark";

    /// <summary>The frameworks Gantry knows how to wire up.</summary>
    public static IReadOnlyList<string> Frameworks { get; } = [PyTorch, TensorFlow, Spark];

    /// <summary>The most processes one node may run for one job.</summary>
    public const int MaxProcessesPerNode = 256;

    /// <summary>All processes over all nodes.</summary>
    public int WorldSize(int nodes) => nodes * ProcessesPerNode;
}
