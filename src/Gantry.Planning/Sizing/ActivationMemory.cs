using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;

namespace Gantry.Planning.Sizing;

/// <summary>
/// Activation bytes a GPU keeps for the backward pass, after Korthikanti et al. 2022 ("Reducing Activation
/// Recomputation in Large Transformer Models", section 4 and Table 2), with 16-bit activations. Per layer
/// without parallelism: s·b·h·(34 + 5·a·s/h); with tensor parallelism t and sequence parallelism
/// s·b·h·(34/t + 5·a·s/(h·t)); selective recomputation drops the 5·a·s/h term; full recomputation keeps 2·s·b·h.
/// The paper's constants assume multi-head attention and a 4h GeLU MLP; here they are split into their parts so
/// grouped-query attention, gated MLPs and experts count what they store.
/// </summary>
internal static class ActivationMemory
{
    /// <summary>Bytes one transformer layer stores for one micro-batch.</summary>
    public static double PerLayerBytes(ModelArchitecture a, int seq, int microBatch, int tp, bool sequenceParallel, Recompute recompute)
    {
        double sb = (double)seq * microBatch;
        var sbh = sb * a.Hidden;
        var tpForReplicated = sequenceParallel ? tp : 1;
        if (recompute == Recompute.Full)
            return 2 * sbh / tpForReplicated; // the layer's input only (Table 2, last row)

        // Kept whole on every tensor-parallel rank unless sequence parallelism splits them: the two layer-norm
        // inputs (4sbh), the attention and MLP inputs (2sbh each) and two dropout masks (sbh each) = 10sbh.
        var replicated = 10 * sbh;

        // Split over the tensor-parallel ranks: Q and K (4sbh for multi-head attention), V (2sbh), the output
        // projection's input (2sbh); the MLP's inner activations (16sbh for a 4h GeLU MLP: 2sbf before and after
        // the activation; a gated MLP keeps gate, up, activation and product, 8sbf), once per expert a token visits.
        var attention = sb * (2.0 * a.AttentionDim + 4.0 * a.KvDim + 2.0 * a.AttentionDim);
        var mlp = a.ExpertsPerToken * sb * a.Ffn * (a.GatedMlp ? 8.0 : 4.0);

        // Softmax output (2as²b), its dropout mask (as²b) and dropout output (2as²b); FlashAttention and
        // selective recomputation recompute these instead of storing them.
        var scores = recompute == Recompute.None ? 5.0 * a.Heads * seq * (double)seq * microBatch : 0;

        return replicated / tpForReplicated + (attention + mlp + scores) / tp;
    }

    /// <summary>
    /// Bytes on the busiest GPU. With the 1F1B pipeline schedule the first stage keeps p micro-batches in flight,
    /// each through L/p layers: L layers' worth whatever p is (section 4.2.3). The last stage also holds the fp32
    /// logits for the loss, 4·s·b·V/t. Full recomputation rebuilds one layer at a time during the backward pass.
    /// </summary>
    public static double TotalBytes(ModelArchitecture a, int seq, int microBatch, ParallelLayout layout)
    {
        var perLayer = PerLayerBytes(a, seq, microBatch, layout.Tp, layout.SequenceParallel, layout.Recompute);
        var working = layout.Recompute == Recompute.Full
            ? PerLayerBytes(a, seq, microBatch, layout.Tp, layout.SequenceParallel, Recompute.Selective)
            : 0;
        var logits = 4.0 * seq * microBatch * a.Vocab / layout.Tp;
        var firstStage = perLayer * a.Layers + working;
        var lastStage = perLayer * Math.Ceiling((double)a.Layers / layout.Pp) + working + logits;
        return Math.Max(firstStage, lastStage);
    }
}
