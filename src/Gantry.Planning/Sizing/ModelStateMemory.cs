namespace Gantry.Planning.Sizing;

/// <summary>
/// Weights, gradients and optimizer states per GPU under ZeRO (Rajbhandari et al. 2020, section 5 and Figure 1):
/// mixed-precision Adam keeps 2Ψ (fp16 weights) + 2Ψ (fp16 gradients) + KΨ (fp32 master weights, momentum,
/// variance; K = 12) bytes. Stage 1 shards the optimizer states over the N_d data-parallel GPUs, stage 2 also the
/// gradients, stage 3 also the weights. The paper's example, Ψ = 7.5B on N_d = 64: 120 GB, 31.4 GB, 16.6 GB, 1.88 GB.
/// </summary>
internal static class ModelStateMemory
{
    public const double OptimizerBytesPerParam = 12;

    /// <summary>Bytes per parameter that every data-parallel GPU holds, and bytes per parameter split across them.</summary>
    public static (double Replicated, double Sharded) BytesPerParam(int zeroStage) => zeroStage switch
    {
        0 => (2 + 2 + OptimizerBytesPerParam, 0),
        1 => (2 + 2, OptimizerBytesPerParam),
        2 => (2, 2 + OptimizerBytesPerParam),
        3 => (0, 2 + 2 + OptimizerBytesPerParam),
        _ => throw new ArgumentOutOfRangeException(nameof(zeroStage), zeroStage, "ZeRO stages are 0 to 3"),
    };

    /// <summary>Model-state bytes on one GPU holding <paramref name="parameters"/> parameters (already divided by tp · pp).</summary>
    public static double BytesPerGpu(double parameters, int dataParallel, int zeroStage)
    {
        var (replicated, sharded) = BytesPerParam(zeroStage);
        return parameters * (replicated + sharded / dataParallel);
    }
}
