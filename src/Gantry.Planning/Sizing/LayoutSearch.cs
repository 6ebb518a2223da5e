using Gantry.Planning.Plans;

namespace Gantry.Planning.Sizing;

/// <summary>
/// Finds the parallel layouts a model fits in: for each tensor/pipeline degree, recomputation and ZeRO stage
/// left open, the fewest data-parallel GPUs whose share of the model states fits beside the activations.
/// Candidates are tried in the order practitioners prefer: least model parallelism, selective before full
/// recomputation, lowest ZeRO stage (each step up costs communication or compute).
/// </summary>
internal static class LayoutSearch
{
    /// <summary>Beyond this many GPUs a layout counts as not fitting (about a million).</summary>
    public const int MaxGpus = 1 << 20;

    private static readonly Recompute[] AutoRecompute = [Recompute.Selective, Recompute.Full];

    public static IEnumerable<ParallelLayout> Candidates(MemoryProblem p)
    {
        int[] tps = p.Tp is { } tp ? [tp] : [.. new[] { 1, 2, 4, 8 }.Where(t => p.Arch.Heads % t == 0)];
        int[] pps = p.Pp is { } pp ? [pp] : [.. PowersOfTwoUpTo(p.Arch.Layers)];
        var recomputes = p.Recompute is { } r ? [r] : AutoRecompute;
        int[] stages = p.ZeroStage is { } z ? [z] : [0, 1, 2, 3];
        return
            from t in tps
            from q in pps
            from rc in recomputes
            from s in stages
            orderby t * q, t, Array.IndexOf(recomputes, rc), s
            select new ParallelLayout(s, t, q, 1, rc, p.SequenceParallel && t > 1);
    }

    public static LayoutFit Evaluate(MemoryProblem p, ParallelLayout layout) => new(
        layout,
        ModelStateMemory.BytesPerGpu(p.Params / layout.ModelParallel, layout.Dp, layout.ZeroStage),
        ActivationMemory.TotalBytes(p.Arch, p.SeqLen, p.MicroBatch, layout));

    /// <summary>The fewest data-parallel ranks with which <paramref name="layout"/> fits; null if none up to <see cref="MaxGpus"/>.</summary>
    public static int? MinDataParallel(MemoryProblem p, ParallelLayout layout)
    {
        var activations = ActivationMemory.TotalBytes(p.Arch, p.SeqLen, p.MicroBatch, layout);
        var shardParams = p.Params / layout.ModelParallel;
        var (replicated, sharded) = ModelStateMemory.BytesPerParam(layout.ZeroStage);
        var room = p.CapacityBytes - activations - replicated * shardParams;
        if (room <= 0)
            return null;
        if (sharded == 0)
            return 1;
        var dp = Math.Max(1, Math.Ceiling(sharded * shardParams / room));
        return dp * layout.ModelParallel <= MaxGpus ? (int)dp : null;
    }

    /// <summary>The layout that fits on the fewest GPUs; ties go to the earlier (preferred) candidate.</summary>
    public static LayoutFit? Smallest(MemoryProblem p)
    {
        ParallelLayout? best = null;
        foreach (var candidate in Candidates(p))
        {
            var dp = MinDataParallel(p, candidate);
            if (dp is null)
                continue;
            var layout = candidate with { Dp = dp.Value };
            if (best is null || layout.Gpus < best.Gpus)
                best = layout;
        }

        return best is null ? null : Evaluate(p, best);
    }

    /// <summary>The first preferred layout that fits on exactly <paramref name="gpus"/> GPUs.</summary>
    public static LayoutFit? FirstFitting(MemoryProblem p, int gpus)
    {
        foreach (var candidate in Candidates(p))
        {
            if (gpus % candidate.ModelParallel != 0)
                continue;
            var fit = Evaluate(p, candidate with { Dp = gpus / candidate.ModelParallel });
            if (fit.TotalBytes <= p.CapacityBytes)
                return fit;
        }

        return null;
    }

    private static IEnumerable<int> PowersOfTwoUpTo(int max)
    {
        for (var v = 1; v <= max; v *= 2)
            yield return v;
    }
}
