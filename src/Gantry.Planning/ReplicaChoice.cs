namespace Gantry.Planning;

/// <summary>One way to serve: replicas of a tensor-parallel group, how many sequences each holds, and the decode bound it reaches.</summary>
internal sealed record ReplicaChoice(
    int GpusPerReplica, int Replicas, int MaxSequences, int Batch, double StepSeconds, double TokensPerSecond, bool MeetsLoad)
{
    public int Gpus => GpusPerReplica * Replicas;

    /// <summary>Meeting the load first, then fewer GPUs, then (for equal counts) the faster fleet.</summary>
    public bool IsBetterThan(ReplicaChoice other) =>
        MeetsLoad != other.MeetsLoad ? MeetsLoad
        : Gpus != other.Gpus ? Gpus < other.Gpus
        : TokensPerSecond > other.TokensPerSecond;
}
