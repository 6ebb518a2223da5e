using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Packing: prefer the node left with the fewest whole GPUs free, then the fewest CPUs free, so
/// multi-GPU jobs land on few nodes and whole idle nodes stay whole for the big gangs.
/// In [-1, 0].
/// </summary>
internal sealed class PackingScorer(WorkCluster cluster) : INodeScorer
{
    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions)
    {
        var wholeAfter = node.FullFree;
        foreach (var p in positions)
        {
            if (node.Free[p] >= WorkNode.Whole)
                wholeAfter--;
        }

        var maxGpus = Math.Max(1, cluster.MaxNodeGpuMilli / WorkNode.Whole);
        var cpuAfter = (double)(node.CpuFree - job.Cpu) / cluster.MaxNodeCpu;
        return -(0.9 * wholeAfter / maxGpus + 0.1 * cpuAfter);
    }
}
