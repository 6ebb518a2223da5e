using Gantry.Planning.Plans;

namespace Gantry.Planning.Sizing;

/// <summary>How a training run is split: ZeRO stage, tensor, pipeline and data parallelism, and recomputation.</summary>
internal sealed record ParallelLayout(int ZeroStage, int Tp, int Pp, int Dp, Recompute Recompute, bool SequenceParallel)
{
    public int Gpus => Tp * Pp * Dp;

    public int ModelParallel => Tp * Pp;
}
