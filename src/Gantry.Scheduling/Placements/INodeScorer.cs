using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>Rates a feasible node for a job given the GPU positions picked there; higher is better.</summary>
internal interface INodeScorer
{
    double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions);
}
