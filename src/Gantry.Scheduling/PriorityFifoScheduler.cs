using Gantry.Core.Hardware;
using Gantry.Core.Jobs;

namespace Gantry.Scheduling;

/// <summary>
/// The first scheduler: highest priority first, then first come first served; each job goes to
/// the first node where all of it fits (a job starts whole or not at all). It never
/// oversubscribes: every placement is subtracted from the free capacity before the next.
/// Smaller jobs may pass a larger one that does not fit yet (no reservations; the full scheduler
/// adds backfill with reservations, quotas and fair share).
/// </summary>
public static class PriorityFifoScheduler
{
    public static SchedulePlan Schedule(ClusterSnapshot snapshot)
    {
        var nodes = snapshot.Nodes.Select(n => new FreeNode(n)).ToList();
        var placements = new List<Placement>();
        var waiting = new Dictionary<long, string>();
        var ordered = snapshot.Queue.OrderByDescending(j => j.Priority).ThenBy(j => j.Id);
        foreach (var job in ordered)
        {
            var candidates = nodes.Where(n => job.Pool is null || n.Pool == job.Pool).ToList();
            var chosen = candidates.FirstOrDefault(n => n.Fits(job.Resources));
            if (chosen is null || job.Resources.Nodes > 1)
            {
                waiting[job.Id] = WhyWaiting(job.Resources, candidates);
                continue;
            }

            placements.Add(new Placement(job.Id, chosen.Name, chosen.Take(job.Resources)));
        }

        return new SchedulePlan(placements, waiting);
    }

    private static string WhyWaiting(ResourceRequest r, IReadOnlyList<FreeNode> nodes)
    {
        if (nodes.Count == 0)
            return "no node in the requested pool";
        if (r.Nodes > 1)
            return $"needs {r.Nodes} nodes at once";
        var best = nodes.MaxBy(n => n.FreeDevices(r.GpuType))!;
        if (r.Gpus > 0 && nodes.All(n => n.FreeDevices(r.GpuType) < r.Gpus))
            return $"waiting for {r.Gpus} free {(r.GpuType ?? "GPU")}s on one node (most free now: {best.FreeDevices(r.GpuType)} on {best.Name})";
        if (nodes.All(n => n.Cpus < r.Cpus))
            return $"waiting for {r.Cpus} free CPUs (most free now: {nodes.Max(n => n.Cpus)})";
        if (nodes.All(n => n.Memory < r.MemoryBytes))
            return $"waiting for {Core.Text.MemorySize.Format(r.MemoryBytes)} of free memory";
        // Each resource is free somewhere, but never all on the same node.
        return $"waiting for one node with {r.Gpus} free {(r.GpuType ?? "GPU")}s, {r.Cpus} CPUs and {Core.Text.MemorySize.Format(r.MemoryBytes)} of memory together";
    }

    private sealed class FreeNode(NodeState state)
    {
        private readonly List<AcceleratorDevice> _devices = [.. state.FreeDevices];

        public string Name => state.Name;

        public string Pool => state.Pool;

        public double Cpus { get; private set; } = state.FreeCpus;

        public long Memory { get; private set; } = state.FreeMemoryBytes;

        public int FreeDevices(string? gpuType) => _devices.Count(d => GpuTypeMatch.Matches(d, gpuType));

        public bool Fits(ResourceRequest r) =>
            Cpus + 1e-9 >= r.Cpus && Memory >= r.MemoryBytes && FreeDevices(r.GpuType) >= r.Gpus;

        public IReadOnlyList<int> Take(ResourceRequest r)
        {
            Cpus -= r.Cpus;
            Memory -= r.MemoryBytes;
            var taken = _devices.Where(d => GpuTypeMatch.Matches(d, r.GpuType)).Take(r.Gpus).ToList();
            foreach (var d in taken)
                _devices.Remove(d);
            return taken.Select(d => d.Index).ToArray();
        }
    }
}
