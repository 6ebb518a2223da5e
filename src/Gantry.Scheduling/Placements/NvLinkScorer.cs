using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Locality of a multi-GPU job: 1 when all its GPUs share one NVLink group, 1/k across k groups,
/// and 0.5 where the node reports no topology (unknown beats known-bad). Single-GPU jobs: 0.
/// </summary>
internal sealed class NvLinkScorer : INodeScorer
{
    public double Score(WorkNode node, in JobShape job, ReadOnlySpan<int> positions)
    {
        if (positions.Length < 2)
            return 0;
        Span<int> seen = stackalloc int[positions.Length];
        var groups = 0;
        foreach (var p in positions)
        {
            var link = node.Link[p];
            if (link < 0)
                return 0.5;
            if (!seen[..groups].Contains(link))
                seen[groups++] = link;
        }

        return 1.0 / groups;
    }
}
