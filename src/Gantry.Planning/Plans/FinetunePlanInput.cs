namespace Gantry.Planning.Plans;

/// <summary>
/// What to fine-tune, how, and on what GPU. Tokens (dataset tokens times epochs) are optional: without them the
/// plan sizes memory only. Everything left null is chosen by the planner and listed in the assumptions.
/// </summary>
public sealed record FinetunePlanInput
{
    public string? Model { get; init; }

    /// <summary>Parameter count such as 7B; overrides the model's, or stands alone with an inferred shape.</summary>
    public string? Params { get; init; }

    public FinetuneMethod Method { get; init; } = FinetuneMethod.Lora;

    public string? Gpu { get; init; }

    public int? Gpus { get; init; }

    /// <summary>Tokens trained on, all epochs together, such as 100M.</summary>
    public string? Tokens { get; init; }

    /// <summary>Adapter rank for LoRA and QLoRA; 16 when null.</summary>
    public int? LoraRank { get; init; }

    /// <summary>Sequence length; 2048 (or the model's context if shorter) when null.</summary>
    public int? SeqLen { get; init; }

    public int? MicroBatch { get; init; }

    /// <summary>ZeRO stage for a full fine-tune; when null, the lowest that fits.</summary>
    public int? ZeroStage { get; init; }

    public int? Tp { get; init; }

    public int? Pp { get; init; }

    /// <summary>When null: full recomputation (gradient checkpointing) for LoRA and QLoRA, selective-or-full for a full fine-tune.</summary>
    public Recompute? Recompute { get; init; }

    public double? Mfu { get; init; }

    public double? Pue { get; init; }

    public double? UsableMemoryFraction { get; init; }
}
