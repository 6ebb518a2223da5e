namespace Gantry.Planning.Plans;

/// <summary>
/// What to pre-train and on what: a catalog model or a parameter count ("7B", "70e9"), a token count ("2T"),
/// and a GPU. Everything left null is chosen by the planner and listed in the plan's assumptions.
/// </summary>
public sealed record TrainPlanInput
{
    /// <summary>A model-catalog name; its architecture sizes activations and the attention FLOPs.</summary>
    public string? Model { get; init; }

    /// <summary>Parameter count such as 7B, 70e9 or 175000000000; overrides the model's.</summary>
    public string? Params { get; init; }

    /// <summary>Training tokens such as 2T or 300B.</summary>
    public string? Tokens { get; init; }

    /// <summary>A hardware-catalog name such as A100-80GB or H100.</summary>
    public string? Gpu { get; init; }

    /// <summary>GPUs to train on; when null, the smallest count that fits.</summary>
    public int? Gpus { get; init; }

    /// <summary>Model FLOPs utilisation, 0 to 1; when null, the GPU class's calibrated default.</summary>
    public double? Mfu { get; init; }

    /// <summary>ZeRO stage 0-3; when null, the lowest stage that fits.</summary>
    public int? ZeroStage { get; init; }

    /// <summary>Tensor-parallel degree; when null, the smallest that fits (1, 2, 4 or 8).</summary>
    public int? Tp { get; init; }

    /// <summary>Pipeline-parallel degree; when null, the smallest that fits.</summary>
    public int? Pp { get; init; }

    /// <summary>Sequence length; when null, the model's pre-training length (2048 without a model).</summary>
    public int? SeqLen { get; init; }

    /// <summary>Sequences per micro-batch on one GPU; 1 when null.</summary>
    public int? MicroBatch { get; init; }

    /// <summary>Tokens per optimizer step such as 4M; sets the step count and so the gradient traffic.</summary>
    public string? GlobalBatchTokens { get; init; }

    /// <summary>Activation recomputation; when null, selective if it fits, else full.</summary>
    public Recompute? Recompute { get; init; }

    /// <summary>Megatron sequence parallelism alongside tensor parallelism; true when null.</summary>
    public bool? SequenceParallel { get; init; }

    /// <summary>Matrix-multiply precision whose peak MFU is measured against: bf16 (default), fp16 or fp8.</summary>
    public NumericPrecision? Precision { get; init; }

    public double? Pue { get; init; }

    public double? UsableMemoryFraction { get; init; }

    /// <summary>Busy share of an owned fleet, used to price the run's GPU-hours on owned servers.</summary>
    public double? OnPremUtilization { get; init; }
}
