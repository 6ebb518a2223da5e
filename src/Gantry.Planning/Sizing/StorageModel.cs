namespace Gantry.Planning.Sizing;

/// <summary>Bytes of checkpoints, shipped weights and training data.</summary>
internal static class StorageModel
{
    /// <summary>
    /// A resumable checkpoint: bf16 weights (2 bytes), fp32 master weights, momentum and variance (12 bytes);
    /// gradients are not saved. BLOOM-176B's were about 2.3 TB each (BigScience, 2022): 176B × 14 bytes.
    /// </summary>
    public const double CheckpointBytesPerParam = 14;

    public static double CheckpointBytes(double parameters) => parameters * CheckpointBytesPerParam;

    public static double WeightsBytes(double parameters, double bytesPerParam) => parameters * bytesPerParam;

    /// <summary>
    /// Token ids as Megatron's indexed datasets store them: uint16 while the vocabulary fits in 65,536 ids,
    /// int32 above (Llama 3's 128,256).
    /// </summary>
    public static double TokenizedBytes(double tokens, int vocab) => tokens * (vocab <= 65536 ? 2 : 4);
}
