using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Simulation;

/// <summary>Turns trace nodes and tasks into the scheduler's model.</summary>
internal static class TraceCluster
{
    public const string Pool = "openb";

    /// <summary>Keeps <paramref name="factor"/> of the nodes, evenly spaced along the list (so the mix of GPU models stays), at least one.</summary>
    public static IReadOnlyList<TraceNode> Scale(IReadOnlyList<TraceNode> nodes, double factor)
    {
        if (factor >= 1)
            return nodes;
        var kept = new List<TraceNode>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (Math.Floor((i + 1) * factor) > Math.Floor(i * factor))
                kept.Add(nodes[i]);
        }

        return kept.Count > 0 ? kept : [nodes[0]];
    }

    public static NodeSnapshot Snapshot(TraceNode n)
    {
        var gpus = new GpuState[n.Model is null ? 0 : n.Gpus];
        for (var i = 0; i < gpus.Length; i++)
            gpus[i] = new GpuState(i, n.Model!);
        return NodeSnapshot.Idle(n.Name, Pool, gpus, n.CpuMilli, n.MemoryMib << 20);
    }

    public static QueuedJob Job(TracePod p, long id, double? timeLimit) =>
        new(id, "openb", 0, p.CreationTime)
        {
            User = p.Qos,
            Gpus = p.Gpus,
            GpuFractionMilli = p.Gpus == 0 ? 1000 : p.MilliPerGpu,
            GpuType = p.GpuSpec,
            CpuMilli = p.CpuMilli,
            MemoryBytes = p.MemoryMib << 20,
            TimeLimitSeconds = timeLimit,
        };

    public static JobShape Shape(TracePod p, WorkCluster cluster) =>
        new(p.Gpus, p.MilliPerGpu, p.CpuMilli, p.MemoryMib << 20, 1, cluster.Models.Accepting(p.GpuSpec), PoolSet.Any, p.GpuSpec);

    /// <summary>The trace's task shapes as the workload mix for FGD (its "typical pods").</summary>
    public static IReadOnlyList<WorkloadClass> Mix(IEnumerable<TracePod> pods) =>
        WorkloadMixBuilder.FromShapes(pods.Select(p => (p.Gpus, p.MilliPerGpu, p.CpuMilli, p.MemoryMib << 20, p.GpuSpec)), maxClasses: 256);
}
