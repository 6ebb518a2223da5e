using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Best-fit: the node with the least CPU and GPU left after the job, each normalised by the
/// largest node and weighted equally (the FGD paper's Best-fit baseline).
/// </summary>
internal sealed class BestFitScorer(WorkCluster cluster) : INodeScorer
{
    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions)
    {
        var cpuLeft = (double)(node.CpuFree - job.Cpu) / cluster.MaxNodeCpu;
        var gpuLeft = (double)(node.FreeMilliTotal - job.GpuMilliPerNode) / cluster.MaxNodeGpuMilli;
        return -(0.5 * cpuLeft + 0.5 * gpuLeft);
    }
}
