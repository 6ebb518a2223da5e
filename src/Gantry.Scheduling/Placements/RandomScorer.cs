using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>Any feasible node, uniformly (the "random-fit" baseline); seeded, so runs repeat.</summary>
internal sealed class RandomScorer(Random random) : INodeScorer
{
    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions) => random.NextDouble();
}
