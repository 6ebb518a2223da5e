using Gantry.Scheduling.Placements;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Policies;

/// <summary>
/// The look-ahead of backfill: frees the running jobs' resources in the order of their ends (on the
/// cycle's own working state, undone afterwards) until the job fits; that end is its earliest start.
/// A gang needs <c>Nodes</c> nodes that fit at once.
/// </summary>
internal sealed class StartEstimator(Placer placer, ReleaseTimeline timeline)
{
    /// <summary>The earliest start, or null if the running jobs with known ends never free enough.</summary>
    /// <param name="onlyTerminating">Consider only jobs already asked to stop (does preemption already under way suffice?).</param>
    public StartEstimate? Earliest(in JobShape job, ReservationBook? book, bool onlyTerminating = false, int maxSteps = int.MaxValue)
    {
        var ordered = onlyTerminating ? timeline.OrderedTerminating() : timeline.Ordered();
        var request = new PlacementRequest(double.PositiveInfinity, book);
        var applied = new List<Release>();
        Span<int> picked = stackalloc int[Math.Max(1, job.Gpus)];
        HashSet<WorkNode>? fitting = job.Nodes > 1 ? [.. placer.FeasibleNodes(job, request)] : null;
        try
        {
            var steps = 0;
            foreach (var release in ordered)
            {
                if (++steps > maxSteps)
                    return null;
                foreach (var part in release.Parts)
                    part.Give();
                applied.Add(release);
                foreach (var part in release.Parts)
                {
                    var node = part.Node;
                    if (!Placer.Offered(node, job) || !placer.Feasible(node, job, request, picked))
                        continue;
                    if (fitting is null)
                        return Result(release.End, [new NodeChoice(node, picked[..job.Gpus].ToArray())], job);
                    fitting.Add(node);
                }

                if (fitting is not null && fitting.Count >= job.Nodes)
                    return Gang(release.End, fitting, job, request);
            }

            return null;
        }
        finally
        {
            for (var i = applied.Count - 1; i >= 0; i--)
            {
                foreach (var part in applied[i].Parts)
                    part.Take();
            }
        }
    }

    private StartEstimate? Gang(double start, HashSet<WorkNode> fitting, in JobShape job, in PlacementRequest request)
    {
        var choices = new List<NodeChoice>();
        Span<int> picked = stackalloc int[Math.Max(1, job.Gpus)];
        foreach (var node in fitting.OrderBy(n => n.Id))
        {
            if (placer.Feasible(node, job, request, picked))
                choices.Add(new NodeChoice(node, picked[..job.Gpus].ToArray()));
            if (choices.Count == job.Nodes)
                break;
        }

        return choices.Count < job.Nodes ? null : Result(start, [.. choices], job);
    }

    // Read while the look-ahead state is applied: what each chosen node has left once the job is there.
    private static StartEstimate Result(double start, NodeChoice[] nodes, in JobShape job)
    {
        var slack = new (long, long)[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
            slack[i] = (nodes[i].Node.CpuFree - job.Cpu, nodes[i].Node.MemoryFree - job.Memory);
        return new StartEstimate(start, nodes, slack);
    }
}
