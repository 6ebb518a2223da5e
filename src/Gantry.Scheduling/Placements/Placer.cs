using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Runs the placement chain for one job: candidates from the index, filters, GPU picker, scorer,
/// and keeps the best <c>Nodes</c> nodes (a gang gets all of them or none). It stops after
/// <see cref="MaxScored"/> feasible nodes (0 = score all): the candidates already come in packing
/// order, so the first few are the good ones (Nomad's limit iterator).
/// </summary>
internal sealed class Placer(WorkCluster cluster, PlacementStack stack, int maxScored, Random random)
{
    private readonly int[] _tally = new int[stack.Filters.Count + 1];

    public int MaxScored => maxScored;

    public WorkCluster Cluster => cluster;

    /// <summary>How many candidates each filter (and, last, the GPU picker) turned away in the last call.</summary>
    public IReadOnlyList<int> RejectTally => _tally;

    public IReadOnlyList<INodeFilter> Filters => stack.Filters;

    /// <summary>The best nodes for the job, or null if fewer than <c>job.Nodes</c> fit. Changes nothing.</summary>
    public NodeChoice[]? TryPlace(in JobShape job, in PlacementRequest request)
    {
        Array.Clear(_tally);
        var want = job.Nodes;
        var nodes = new WorkNode[want];
        var scores = new double[want];
        var positions = new int[want][];
        var count = 0;
        var feasible = 0;
        Span<int> picked = stackalloc int[Math.Max(1, job.Gpus)];
        var walk = new CandidateWalk(cluster, job);
        var limit = maxScored <= 0 ? int.MaxValue : Math.Max(maxScored, want);
        while (walk.MoveNext(out var node))
        {
            if (!Feasible(node, job, request, picked))
                continue;
            var score = stack.Scorer.Score(node, job, picked[..job.Gpus]);
            if (stack.RandomTieBreak)
                score += random.NextDouble() * 1e-9;
            Keep(node, score, picked[..job.Gpus], nodes, scores, positions, ref count);
            if (++feasible >= limit)
                break;
        }

        if (count < want)
            return null;
        var choices = new NodeChoice[want];
        for (var i = 0; i < want; i++)
            choices[i] = new NodeChoice(nodes[i], positions[i]);
        return choices;
    }

    /// <summary>Whether this one node can take (one gang member of) the job, and with which GPU positions.</summary>
    public bool Feasible(WorkNode node, in JobShape job, in PlacementRequest request, Span<int> picked)
    {
        var context = new NodeContext { Cpu = node.CpuFree, Memory = node.MemoryFree };
        var filters = stack.Filters;
        for (var i = 0; i < filters.Count; i++)
        {
            if (!filters[i].Admits(node, job, request, ref context))
            {
                _tally[i]++;
                return false;
            }
        }

        var picker = job.Gpus == 0 ? stack.NoGpus : job.IsShare ? stack.GpuShare : stack.WholeGpus;
        if (!picker.Pick(node, job, context, picked[..job.Gpus]))
        {
            _tally[^1]++;
            return false;
        }

        return true;
    }

    /// <summary>Every node where one gang member fits now (for reservations of gangs).</summary>
    public List<WorkNode> FeasibleNodes(in JobShape job, in PlacementRequest request)
    {
        var result = new List<WorkNode>();
        Span<int> picked = stackalloc int[Math.Max(1, job.Gpus)];
        var walk = new CandidateWalk(cluster, job);
        while (walk.MoveNext(out var node))
        {
            if (Feasible(node, job, request, picked))
                result.Add(node);
        }

        return result;
    }

    /// <summary>Whether the index would ever offer this node to the job (pool, model, GPU room).</summary>
    public static bool Offered(WorkNode node, in JobShape job)
    {
        if (node.Group is null)
            return false;
        if (!job.Pools.Admits(node.Pool))
            return false;
        return job.Gpus == 0 || node.PrimaryModel == -2 || (node.PrimaryModel >= 0 && job.Accepts[node.PrimaryModel]);
    }

    // Keeps the best `want` (node, score) pairs sorted by score, best first; on equal scores the earlier stays ahead.
    private static void Keep(WorkNode node, double score, ReadOnlySpan<int> picked, WorkNode[] nodes, double[] scores, int[][] positions, ref int count)
    {
        var want = nodes.Length;
        if (count == want && score <= scores[want - 1])
            return;
        var at = count < want ? count : want - 1;
        while (at > 0 && scores[at - 1] < score)
        {
            nodes[at] = nodes[at - 1];
            scores[at] = scores[at - 1];
            positions[at] = positions[at - 1];
            at--;
        }

        nodes[at] = node;
        scores[at] = score;
        positions[at] = picked.ToArray();
        if (count < want)
            count++;
    }
}
