using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// The index-driven first stage of the placement chain: yields only nodes of the job's pool whose
/// GPU model it accepts and which have enough GPU room, in packing order. CPU-only jobs: GPU-less
/// nodes first, then GPU nodes from the busiest. Whole GPUs: nodes with exactly enough whole GPUs
/// free first, then more. Shares: nodes with a partly used GPU first, then the others.
/// </summary>
internal struct CandidateWalk
{
    private readonly IReadOnlyList<NodeGroup> _groups;
    private readonly JobShape _job;
    private readonly int _maxBucket;
    private int _phase;   // shares: 0 = partial lists, 1 = buckets
    private int _bucket;
    private int _group;
    private int _index;

    public CandidateWalk(WorkCluster cluster, in JobShape job)
    {
        _groups = cluster.Groups;
        _job = job;
        _maxBucket = _groups.Count == 0 ? 0 : _groups[0].MaxGpus;
        _phase = job.IsShare ? 0 : 1;
        _bucket = job.Gpus == 0 ? 0 : job.IsShare ? 1 : job.Gpus;
        _group = 0;
        _index = 0;
    }

    public bool MoveNext(out WorkNode node)
    {
        if (_phase == 0)
        {
            while (_group < _groups.Count)
            {
                var g = _groups[_group];
                if (Matches(g) && _index < g.Partial.Count)
                {
                    node = g.Partial[_index++];
                    return true;
                }

                _group++;
                _index = 0;
            }

            _phase = 1;
            _group = 0;
            _index = 0;
        }

        while (_bucket <= _maxBucket)
        {
            while (_group < _groups.Count)
            {
                var g = _groups[_group];
                if (Matches(g))
                {
                    var list = g.Buckets[_bucket];
                    while (_index < list.Count)
                    {
                        var n = list[_index++];
                        if (_job.IsShare && n.PartialCount > 0)
                            continue; // already offered from the partial list
                        node = n;
                        return true;
                    }
                }

                _group++;
                _index = 0;
            }

            _bucket++;
            _group = 0;
        }

        node = null!;
        return false;
    }

    private readonly bool Matches(NodeGroup g)
    {
        if (!_job.Pools.Admits(g.Pool))
            return false;
        if (_job.Gpus == 0)
            return true;
        return g.Model == -2 || (g.Model >= 0 && _job.Accepts[g.Model]);
    }
}
