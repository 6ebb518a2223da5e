using Gantry.Scheduling.Placements;

namespace Gantry.Scheduling;

internal sealed partial class SchedulingCycle
{
    private readonly Dictionary<ShapeKey, bool> _neverFits = [];

    // Phase 1: heads. Gantry keeps one line per project (so fair share can pick between their
    // heads); FIFO and backfill keep one line for everyone. Within a line: priority, then submit time.
    private void Heads()
    {
        _tickets = new List<JobTicket>(_snapshot.Queue.Count);
        foreach (var job in _snapshot.Queue)
            _tickets.Add(new JobTicket(job, _quotas.Get(job.Project)));
        var groups = Gantry
            ? _tickets.GroupBy(t => t.Project).Select(g => (g.Key, g.ToList()))
            : [(new Policies.ProjectAccount("*", null, null), _tickets.ToList())];
        _lines = [];
        foreach (var (project, list) in groups)
        {
            list.Sort(static (a, b) =>
            {
                var c = b.Job.Priority.CompareTo(a.Job.Priority);
                if (c != 0)
                    return c;
                c = a.Job.SubmitTime.CompareTo(b.Job.SubmitTime);
                return c != 0 ? c : a.Job.Id.CompareTo(b.Job.Id);
            });
            _lines.Add(new ProjectLine(project, list));
        }
    }

    // Phase 2: nominate. Each job's request becomes a shape (model ids, pool id); malformed requests
    // and requests no node could ever hold are set aside here, once, instead of in the admit loop.
    private void Nominate()
    {
        foreach (var t in _tickets)
        {
            var j = t.Job;
            t.Invalid = Validate(j);
            if (t.Invalid is not null)
                continue;
            var milli = j.Gpus == 0 ? 0 : j.GpuFractionMilli;
            t.Shape = new JobShape(j.Gpus, milli, j.CpuMilli, j.MemoryBytes, j.Nodes, _cluster.Models.Accepting(j.GpuType), _cluster.PoolsFor(j.Pool, j.Pools), j.GpuType);
            t.NeverFits = NeverFits(t.Shape);
            if (_snapshot.BurstAfterSeconds is not null && j.BurstPools is { Count: > 0 } burst)
            {
                var shape = t.Shape with { Pools = _cluster.PoolsFor(j.Pool, burst) };
                t.BurstShape = NeverFits(shape) ? null : shape;
            }
        }
    }

    private static string? Validate(Model.QueuedJob j) =>
        j.Gpus < 0 ? "a negative number of GPUs"
        : j.Nodes < 1 ? "fewer than one node"
        : j.CpuMilli < 0 || j.MemoryBytes < 0 ? "negative CPUs or memory"
        : j.GpuFractionMilli is < 1 or > 1000 ? "a GPU fraction outside (0, 1]"
        : j.GpuFractionMilli < 1000 && j.Gpus != 1 ? "a GPU fraction applies to exactly one GPU"
        : null;

    // Whether no schedulable node of the pool, even idle, could hold one gang member (or not enough of them).
    private bool NeverFits(in JobShape shape)
    {
        var key = shape.Key;
        if (_neverFits.TryGetValue(key, out var known))
            return known;
        var able = 0;
        if (!shape.Pools.IsEmpty)
        {
            foreach (var n in _cluster.Nodes)
            {
                if (!n.Schedulable || !shape.Pools.Admits(n.Pool) || n.CpuCapacity < shape.Cpu || n.MemoryCapacity < shape.Memory)
                    continue;
                var gpus = 0;
                for (var p = 0; p < n.GpuCount && gpus < shape.Gpus; p++)
                {
                    if (shape.Accepts[n.Model[p]])
                        gpus++;
                }

                if (gpus >= shape.Gpus && ++able >= shape.Nodes)
                    break;
            }
        }

        var never = able < shape.Nodes;
        _neverFits[key] = never;
        return never;
    }
}
