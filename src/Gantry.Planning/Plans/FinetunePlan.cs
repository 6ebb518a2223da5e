namespace Gantry.Planning.Plans;

/// <summary>
/// A sized fine-tune: trainable parameters, memory per GPU and the fewest GPUs that hold it; with tokens also
/// compute, time, energy and cost. Fields that need tokens are null without them.
/// </summary>
public sealed record FinetunePlan
{
    public string? Model { get; init; }

    public required FinetuneMethod Method { get; init; }

    public required double Params { get; init; }

    public required double TrainableParams { get; init; }

    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    public required int SeqLen { get; init; }

    public required int MicroBatch { get; init; }

    public int? LoraRank { get; init; }

    /// <summary>Base weights as stored (bf16, or NF4 with double quantisation for QLoRA), whole model.</summary>
    public required long WeightsBytes { get; init; }

    /// <summary>Weights, gradients and optimizer states of the trained parameters on one GPU.</summary>
    public required long TrainableStatesBytesPerGpu { get; init; }

    public required long ModelStatesBytesPerGpu { get; init; }

    public required long ActivationBytesPerGpu { get; init; }

    public required long MemoryPerGpuBytes { get; init; }

    public required long UsableMemoryPerGpuBytes { get; init; }

    public required bool Fits { get; init; }

    public required int MinGpus { get; init; }

    public int? ZeroStage { get; init; }

    public int? Tp { get; init; }

    public int? Pp { get; init; }

    public required Recompute Recompute { get; init; }

    public double? Tokens { get; init; }

    public double? TotalFlops { get; init; }

    public double? Mfu { get; init; }

    public double? GpuHours { get; init; }

    public double? WallClockHours { get; init; }

    public double? EnergyKwh { get; init; }

    /// <summary>The adapter (LoRA, QLoRA) or the whole model (full) as saved after training.</summary>
    public required long CheckpointBytes { get; init; }

    public required IReadOnlyList<CostOption> Costs { get; init; }

    public required IReadOnlyList<Assumption> Assumptions { get; init; }
}
