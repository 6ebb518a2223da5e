using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Simulation;

/// <summary>
/// Replays the trace in virtual time through <see cref="GantryScheduler"/>: each task arrives at its
/// creation time, waits in the queue, runs for its trace run time once admitted, and leaves. A
/// scheduling cycle runs at every instant something arrives or ends, on a snapshot of that instant.
/// </summary>
internal sealed class ReplayRun
{
    private readonly Dictionary<string, ReplayNode> _nodes;
    private readonly ReplayNode[] _order;
    private readonly IReadOnlyList<TracePod> _pods;
    private readonly SimulationOptions _options;
    private readonly GantryScheduler _scheduler;
    private readonly Dictionary<long, RunningAllocation> _running = [];
    private readonly PriorityQueue<long, (double End, long Id)> _departures = new();
    private readonly double[] _waits;
    private readonly bool[] _done;
    private List<QueuedJob> _queue = [];

    public ReplayRun(IReadOnlyList<TraceNode> nodes, IReadOnlyList<TracePod> pods, SimulationOptions options, SchedulerOptions scheduler)
    {
        _order = nodes.Select(n => new ReplayNode(n)).ToArray();
        _nodes = _order.ToDictionary(n => n.Node.Name, StringComparer.Ordinal);
        _pods = pods;
        _options = options;
        _scheduler = new GantryScheduler(scheduler);
        _waits = new double[pods.Count];
        _done = new bool[pods.Count];
    }

    public SimulationResult Run()
    {
        var arrivals = Enumerable.Range(0, _pods.Count).OrderBy(i => _pods[i].CreationTime).ThenBy(i => i).ToArray();
        var nextArrival = 0;
        var cycles = 0;
        var failed = 0;
        double gpuSeconds = 0, lastEnd = 0;
        var first = arrivals.Length > 0 ? _pods[arrivals[0]].CreationTime : 0;
        while (nextArrival < arrivals.Length || _departures.Count > 0)
        {
            var t = double.PositiveInfinity;
            if (nextArrival < arrivals.Length)
                t = _pods[arrivals[nextArrival]].CreationTime;
            if (_departures.TryPeek(out _, out var soonest))
                t = Math.Min(t, soonest.End);
            while (_departures.TryPeek(out var id, out var when) && when.End <= t)
            {
                _departures.Dequeue();
                Release(_running[id]);
                _running.Remove(id);
                lastEnd = Math.Max(lastEnd, when.End);
            }

            while (nextArrival < arrivals.Length && _pods[arrivals[nextArrival]].CreationTime <= t)
            {
                var i = arrivals[nextArrival++];
                _queue.Add(TraceCluster.Job(_pods[i], i, _pods[i].Runtime * _options.TimeLimitFactor));
            }

            if (_queue.Count == 0)
                continue;
            var plan = _scheduler.Schedule(new SchedulingSnapshot(t, _order.Select(n => n.Snapshot()).ToArray(), _queue)
            {
                Running = _running.Values.ToArray(),
                CycleId = cycles++,
            });
            var gone = new HashSet<long>();
            foreach (var a in plan.Admissions)
            {
                var pod = _pods[(int)a.JobId];
                Take(a.Placements);
                var end = t + pod.Runtime;
                _running[a.JobId] = new RunningAllocation(a.JobId, "openb", 0, false, t, t + pod.Runtime * _options.TimeLimitFactor, a.Placements);
                _departures.Enqueue(a.JobId, (end, a.JobId));
                _waits[a.JobId] = t - pod.CreationTime;
                _done[a.JobId] = true;
                gpuSeconds += pod.GpuDemandMilli / 1000.0 * pod.Runtime;
                gone.Add(a.JobId);
            }

            foreach (var p in plan.Pending)
            {
                if (p.Reason is PendingReason.NeverFits or PendingReason.Invalid)
                {
                    failed++;
                    gone.Add(p.JobId);
                }
            }

            if (gone.Count > 0)
                _queue = _queue.Where(j => !gone.Contains(j.Id)).ToList();
        }

        // Whatever is still queued with nothing running and nothing to come can never start.
        failed += _queue.Count;
        return Result(failed, cycles, gpuSeconds, first, lastEnd);
    }

    private SimulationResult Result(int failed, int cycles, double gpuSeconds, double first, double lastEnd)
    {
        var waits = new List<double>();
        double jct = 0;
        for (var i = 0; i < _pods.Count; i++)
        {
            if (!_done[i])
                continue;
            waits.Add(_waits[i]);
            jct += _waits[i] + _pods[i].Runtime;
        }

        var longest = -1;
        for (var i = 0; i < _pods.Count; i++)
        {
            if (_done[i] && (longest < 0 || _waits[i] > _waits[longest]))
                longest = i;
        }

        waits.Sort();
        var gpus = _order.Sum(n => n.Free.Length);
        var span = Math.Max(1, lastEnd - first);
        return new SimulationResult(_options.Policy, "replay", _options.Seed, _order.Length, gpus)
        {
            Tasks = _pods.Count,
            PodsFailed = failed,
            AvgWaitS = waits.Count == 0 ? 0 : waits.Average(),
            P95WaitS = waits.Count == 0 ? 0 : waits[Math.Min(waits.Count - 1, (int)Math.Ceiling(0.95 * waits.Count) - 1)],
            MaxWaitS = waits.Count == 0 ? 0 : waits[^1],
            LongestWaitTask = longest < 0 || _waits[longest] <= 0 ? null : Describe(_pods[longest]),
            AvgJctS = waits.Count == 0 ? 0 : jct / waits.Count,
            GpuUtilization = gpus == 0 ? 0 : gpuSeconds / (gpus * span),
            MakespanS = span,
            Cycles = cycles,
        };
    }

    private static string Describe(TracePod p) =>
        $"{p.Name}: {(p.Gpus == 0 ? "no GPU" : p.Gpus == 1 && p.MilliPerGpu < 1000 ? $"{p.MilliPerGpu / 1000.0:0.###} GPU" : $"{p.Gpus} GPUs")}, {p.CpuMilli / 1000.0:0.#} CPUs, runs {p.Runtime:0} s";

    private void Take(IReadOnlyList<NodeAllocation> placements)
    {
        foreach (var p in placements)
        {
            var n = _nodes[p.Node];
            foreach (var g in p.Gpus)
                n.Free[g.Index] -= g.Milli;
            n.CpuFree -= p.CpuMilli;
            n.MemoryFree -= p.MemoryBytes;
            n.Changed();
        }
    }

    private void Release(RunningAllocation a)
    {
        foreach (var p in a.Placements)
        {
            var n = _nodes[p.Node];
            foreach (var g in p.Gpus)
                n.Free[g.Index] += g.Milli;
            n.CpuFree += p.CpuMilli;
            n.MemoryFree += p.MemoryBytes;
            n.Changed();
        }
    }
}
