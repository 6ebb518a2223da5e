using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Dot-product (Tetris-style alignment, as the FGD paper's baseline implements it): the request and
/// the node's free CPUs and GPUs, each normalised by the node's capacity; the smallest product
/// wins, which packs work where little of what it needs is left.
/// </summary>
internal sealed class DotProductScorer : INodeScorer
{
    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions)
    {
        double dot = 0;
        var dims = 0;
        if (node.CpuCapacity > 0)
        {
            dot += (double)job.Cpu / node.CpuCapacity * node.CpuFree / node.CpuCapacity;
            dims++;
        }

        if (node.GpuCount > 0)
        {
            var capacity = node.GpuCount * (double)WorkNode.Whole;
            dot += job.GpuMilliPerNode / capacity * (node.FreeMilliTotal / capacity);
            dims++;
        }

        return dims == 0 ? 0 : -dot / dims;
    }
}
