using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>FGD: minus the growth of the node's expected fragmentation, in GPUs.</summary>
internal sealed class FragmentationScorer(FragmentationModel model) : INodeScorer
{
    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions) =>
        -model.Delta(node, positions, job.Milli, job.Cpu, job.Memory) / WorkNode.Whole;
}
