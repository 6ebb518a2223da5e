namespace Gantry.Planning.Sizing;

/// <summary>Gradient-synchronisation traffic of data parallelism per optimizer step.</summary>
internal static class GradientSync
{
    /// <summary>
    /// Bytes one GPU sends per step. A ring all-reduce of a buffer of n bytes over N ranks sends 2·(N−1)/N·n
    /// (Patarasuk and Yuan 2009); ZeRO stages 1 and 2 move the same volume as a reduce-scatter plus an
    /// all-gather, stage 3 adds a second all-gather of the weights: 1.5× (ZeRO paper, section 7.2).
    /// Gradients are bf16, 2 bytes per parameter of this GPU's tensor/pipeline shard.
    /// </summary>
    public static double BytesPerGpuPerStep(double parameters, ParallelLayout layout)
    {
        if (layout.Dp <= 1)
            return 0;
        var buffer = 2.0 * parameters / layout.ModelParallel;
        var volume = layout.ZeroStage == 3 ? 3.0 : 2.0;
        return volume * buffer * (layout.Dp - 1) / layout.Dp;
    }
}
