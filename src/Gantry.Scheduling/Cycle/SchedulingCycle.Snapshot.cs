using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.Policies;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling;

internal sealed partial class SchedulingCycle
{
    // Phase 0: the working state — indexed nodes, quota accounts, the look-ahead of known ends,
    // the preemptible running jobs, and the placement chain for the chosen policy.
    private void BuildWorkingState()
    {
        _cluster = WorkCluster.From(_snapshot.Nodes);
        var capacity = new ResourceVector(_cluster.TotalGpuMilli, _cluster.TotalCpuMilli, _cluster.TotalMemoryBytes);
        _quotas = new QuotaBook(_snapshot, capacity, _options.FairShareHistoryWeight);
        var mix = _snapshot.WorkloadMix ?? DeriveMix();
        var fragmentation = FragmentationModel.For(_options.Placement, mix, _cluster.Models, _cluster.Nodes.Length);
        var stack = PlacementStack.For(_options.Placement, _cluster, fragmentation, _random, mix);
        _placer = new Placer(_cluster, stack, _options.MaxScoredNodes, _random);
        _book = new ReservationBook(_cluster.Nodes.Length);
        _timeline = new ReleaseTimeline();
        var victims = new List<Victim>();
        foreach (var a in _snapshot.Running)
        {
            var account = _quotas.Get(a.Project);
            var usage = QuotaBook.UsageOf(a);
            var release = new Release(a.JobId, a.ExpectedEnd ?? double.PositiveInfinity, PartsOf(a), a.Terminating, account, usage);
            if (a.ExpectedEnd is not null)
                _timeline.Add(release);
            _anyTerminating |= a.Terminating;
            if (a.Preemptible && !a.Terminating)
                victims.Add(new Victim(a, account, release, usage));
        }

        _estimator = new StartEstimator(_placer, _timeline);
        _preemption = new PreemptionPlanner(_placer, victims, maxNodesExamined: 256);
    }

    private ReleasePart[] PartsOf(RunningAllocation a)
    {
        var parts = new List<ReleasePart>(a.Placements.Count);
        foreach (var p in a.Placements)
        {
            var id = _cluster.NodeId(p.Node);
            if (id < 0)
                continue; // a node that left the cluster: nothing of it to free
            var node = _cluster.Nodes[id];
            var positions = new List<int>(p.Gpus.Count);
            var milli = new List<int>(p.Gpus.Count);
            foreach (var g in p.Gpus)
            {
                var position = WorkCluster.PositionOf(node, g.Index);
                if (position < 0)
                    continue;
                positions.Add(position);
                milli.Add(g.Milli);
            }

            parts.Add(new ReleasePart(node, [.. positions], [.. milli], p.CpuMilli, p.MemoryBytes));
        }

        return [.. parts];
    }

    // Without a mix from the caller, the queue and the running jobs are the best guess of what comes next.
    private IReadOnlyList<WorkloadClass> DeriveMix()
    {
        if (_options.Placement is not (PlacementPolicy.Gantry or PlacementPolicy.Fgd))
            return [];
        var shapes = _snapshot.Queue
            .Where(j => j.Gpus > 0)
            .Select(j => (j.Gpus, Math.Clamp(j.GpuFractionMilli, 1, 1000), j.CpuMilli, j.MemoryBytes, j.GpuType))
            .Concat(_snapshot.Running.Where(a => a.Placements.Count > 0 && a.Placements[0].Gpus.Count > 0).Select(a =>
            {
                var p = a.Placements[0];
                return (p.Gpus.Count, p.Gpus[0].Milli, p.CpuMilli, p.MemoryBytes, (string?)null);
            }));
        return WorkloadMixBuilder.FromShapes(shapes);
    }
}
