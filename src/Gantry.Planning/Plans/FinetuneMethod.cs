namespace Gantry.Planning.Plans;

/// <summary>How a fine-tune updates the model.</summary>
public enum FinetuneMethod
{
    /// <summary>Every weight is trained, with mixed-precision Adam.</summary>
    Full,

    /// <summary>Frozen 16-bit weights plus trained low-rank adapters (Hu et al. 2021).</summary>
    Lora,

    /// <summary>Frozen 4-bit NF4 weights plus trained low-rank adapters (Dettmers et al. 2023).</summary>
    Qlora,
}
