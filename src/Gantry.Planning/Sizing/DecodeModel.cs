namespace Gantry.Planning.Sizing;

/// <summary>The time of one decode step of a batch: the roofline of memory traffic and arithmetic.</summary>
internal static class DecodeModel
{
    /// <summary>
    /// Every step reads all weights once and every cached key and value of the batch, and does about
    /// 2 · N_active FLOPs per token (Kaplan et al. 2020, forward pass); the step can be no faster than the
    /// slower of the two at peak bandwidth and peak FLOP/s (Williams et al. 2009, roofline). Split over
    /// <paramref name="gpus"/> tensor-parallel GPUs, communication ignored: an upper bound on throughput.
    /// </summary>
    public static double StepSeconds(
        double weightBytes, double kvBytesPerSequence, int batch, double activeParams, int gpus, double bandwidthBytesPerSecond, double peakFlops)
    {
        var memory = (weightBytes + batch * kvBytesPerSequence) / (gpus * bandwidthBytesPerSecond);
        var compute = 2 * activeParams * batch / (gpus * peakFlops);
        return Math.Max(memory, compute);
    }
}
