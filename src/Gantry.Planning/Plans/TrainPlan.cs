namespace Gantry.Planning.Plans;

/// <summary>
/// A sized pre-training run: compute, time, memory per GPU under the chosen parallelism, storage, network,
/// energy and cost, with every assumption it used. Byte counts are per GPU where the name says so.
/// </summary>
public sealed record TrainPlan
{
    public string? Model { get; init; }

    public required double Params { get; init; }

    /// <summary>Parameters used per token: equal to <see cref="Params"/> except for mixtures of experts.</summary>
    public required double ActiveParams { get; init; }

    public required double Tokens { get; init; }

    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    /// <summary>6 · N · D (Kaplan et al. 2020), the figure published runs quote.</summary>
    public required double TotalFlops { get; init; }

    /// <summary>6 · N · D + 12 · L · H · S · D, PaLM's model FLOPs with the attention term; time is computed from it.</summary>
    public required double TotalFlopsWithAttention { get; init; }

    public required NumericPrecision Precision { get; init; }

    public required double PeakFlopsPerGpu { get; init; }

    public required double Mfu { get; init; }

    public required double GpuHours { get; init; }

    public required double WallClockHours { get; init; }

    public required double WallClockDays { get; init; }

    public required int ZeroStage { get; init; }

    public required int Tp { get; init; }

    public required int Pp { get; init; }

    /// <summary>Data-parallel degree: <see cref="Gpus"/> / (tp · pp).</summary>
    public required int Dp { get; init; }

    public required Recompute Recompute { get; init; }

    public required bool SequenceParallel { get; init; }

    public required int SeqLen { get; init; }

    public required int MicroBatch { get; init; }

    /// <summary>Weights, gradients and Adam states on one GPU (ZeRO paper: 2Ψ + 2Ψ + 12Ψ, sharded by stage).</summary>
    public required long ModelStatesBytesPerGpu { get; init; }

    public required long ActivationBytesPerGpu { get; init; }

    public required long MemoryPerGpuBytes { get; init; }

    public required long UsableMemoryPerGpuBytes { get; init; }

    /// <summary>Whether <see cref="MemoryPerGpuBytes"/> fits in <see cref="UsableMemoryPerGpuBytes"/> on <see cref="Gpus"/> GPUs.</summary>
    public required bool Fits { get; init; }

    /// <summary>The smallest GPU count on which the run fits, over the parallelism choices left open.</summary>
    public required int MinGpus { get; init; }

    /// <summary>A full checkpoint: bf16 weights plus fp32 master weights and both Adam moments (14 bytes a parameter).</summary>
    public required long CheckpointBytes { get; init; }

    /// <summary>The trained weights alone in bf16, as shipped for inference.</summary>
    public required long WeightsBytes { get; init; }

    /// <summary>The tokenised training set (2 bytes a token for vocabularies up to 65,536, else 4).</summary>
    public required long DatasetBytes { get; init; }

    public required long RawTextBytes { get; init; }

    /// <summary>Checkpoints kept plus the tokenised data and its raw text.</summary>
    public required long StorageBytes { get; init; }

    public required double GlobalBatchTokens { get; init; }

    public required double Steps { get; init; }

    /// <summary>Bytes one GPU sends for gradient synchronisation per optimizer step (ring all-reduce, or ZeRO-3's 1.5×).</summary>
    public required long GradientSyncBytesPerGpuPerStep { get; init; }

    public required double GradientSyncSecondsPerStepLowerBound { get; init; }

    public required double EnergyKwh { get; init; }

    public required IReadOnlyList<CostOption> Costs { get; init; }

    public required IReadOnlyList<Assumption> Assumptions { get; init; }
}
