using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>The weighted sum of several scorers.</summary>
internal sealed class WeightedScorer(IReadOnlyList<(INodeScorer Scorer, double Weight)> parts) : INodeScorer
{
    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions)
    {
        double sum = 0;
        foreach (var (scorer, weight) in parts)
            sum += weight * scorer.Score(node, job, positions);
        return sum;
    }
}
