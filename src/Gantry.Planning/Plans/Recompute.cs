namespace Gantry.Planning.Plans;

/// <summary>How much of each layer's activations training recomputes in the backward pass instead of storing (Korthikanti et al. 2022).</summary>
public enum Recompute
{
    /// <summary>Store everything, attention scores included (no FlashAttention).</summary>
    None,

    /// <summary>Recompute only the attention core, as FlashAttention and Megatron's selective recomputation do.</summary>
    Selective,

    /// <summary>Store each layer's input only and recompute the layer (gradient checkpointing).</summary>
    Full,
}
