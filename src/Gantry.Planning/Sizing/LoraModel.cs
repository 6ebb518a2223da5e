using Gantry.Planning.Catalogs;

namespace Gantry.Planning.Sizing;

/// <summary>Memory of low-rank adapter fine-tuning (LoRA, QLoRA).</summary>
internal static class LoraModel
{
    /// <summary>
    /// Bits per quantised weight in QLoRA: 4-bit NormalFloat plus double-quantised block constants, 0.127 bits
    /// (Dettmers et al. 2023, section 3: from 32/64 = 0.5 down to 8/64 + 32/(64·256)).
    /// </summary>
    public const double QloraBitsPerWeight = 4 + 0.127;

    /// <summary>
    /// Trained adapter parameters: each adapted d_in × d_out matrix gains r·(d_in + d_out). Targets are every
    /// linear layer of every block (q, k, v, o and the MLP's matrices, per expert), which QLoRA found necessary to
    /// match full fine-tuning (section 4).
    /// </summary>
    public static double TrainableParams(ModelArchitecture a, int rank)
    {
        double h = a.Hidden;
        var attention = (h + a.AttentionDim) + (h + a.KvDim) + (h + a.KvDim) + (a.AttentionDim + h);
        var mlpMatrices = a.GatedMlp ? 3 : 2;
        var mlp = mlpMatrices * (h + a.Ffn) * (double)a.Experts;
        return (double)rank * a.Layers * (attention + mlp);
    }

    /// <summary>Input and output embeddings, which bitsandbytes leaves in 16 bits when quantising a model.</summary>
    public static double EmbeddingParams(ModelArchitecture a) =>
        (double)a.Vocab * a.Hidden * (a.TiedEmbeddings ? 1 : 2);

    /// <summary>QLoRA's frozen base: NF4 for the blocks' linear layers, bf16 for the embeddings.</summary>
    public static double QloraWeightBytes(ModelArchitecture a, double parameters)
    {
        var embeddings = Math.Min(EmbeddingParams(a), parameters);
        return (parameters - embeddings) * QloraBitsPerWeight / 8 + embeddings * 2;
    }

    /// <summary>
    /// Adapter weights, gradients and Adam states: 16 bytes per trained parameter, as for any mixed-precision
    /// Adam (ZeRO paper, section 3.1); PEFT keeps adapters in fp32, which costs the same.
    /// </summary>
    public static double TrainableStateBytes(double trainableParams) => trainableParams * 16;
}
