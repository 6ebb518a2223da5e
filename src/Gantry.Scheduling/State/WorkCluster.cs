using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;

namespace Gantry.Scheduling.State;

/// <summary>
/// The mutable, indexed copy of the nodes that one cycle (or one simulation) works on. Built once
/// from the immutable snapshot; every admission subtracts from it, so nothing is handed out twice.
/// </summary>
internal sealed class WorkCluster
{
    private readonly Dictionary<string, int> _nodeIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _poolIds = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Pool, int Model), NodeGroup> _groupMap = [];

    private WorkCluster(WorkNode[] nodes, ModelTable models)
    {
        Nodes = nodes;
        Models = models;
    }

    public WorkNode[] Nodes { get; }

    public ModelTable Models { get; }

    public IReadOnlyList<NodeGroup> Groups { get; private set; } = [];

    public long TotalGpuMilli { get; private set; }

    public long TotalCpuMilli { get; private set; }

    public long TotalMemoryBytes { get; private set; }

    /// <summary>The largest node's CPUs and GPU thousandths, to normalise scores (best-fit, dot-product).</summary>
    public long MaxNodeCpu { get; private set; } = 1;

    public long MaxNodeGpuMilli { get; private set; } = 1;

    public long MaxNodeMemory { get; private set; } = 1;

    public int PoolId(string? pool) => pool is null ? -1 : _poolIds.GetValueOrDefault(pool, -2);

    /// <summary>The pools a job may use: the one it names (null: any) among <paramref name="among"/> (null: any).</summary>
    public PoolSet PoolsFor(string? pool, IReadOnlyCollection<string>? among) => PoolSet.Of(pool, among, _poolIds);

    public int NodeId(string name) => _nodeIds.GetValueOrDefault(name, -1);

    public static WorkCluster From(IReadOnlyList<NodeSnapshot> snapshot)
    {
        var models = new ModelTable();
        var pools = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = new WorkNode[snapshot.Count];
        for (var i = 0; i < snapshot.Count; i++)
        {
            var s = snapshot[i];
            if (!pools.TryGetValue(s.Pool, out var pool))
                pools[s.Pool] = pool = pools.Count;
            var n = new WorkNode(i, s.Name, pool, s.Gpus.Count)
            {
                Schedulable = s.Schedulable,
                CpuCapacity = s.CpuMilli,
                MemoryCapacity = s.MemoryBytes,
                CpuFree = s.FreeCpuMilli,
                MemoryFree = s.FreeMemoryBytes,
            };
            var primary = -1;
            for (var g = 0; g < s.Gpus.Count; g++)
            {
                var gpu = s.Gpus[g];
                var model = models.Intern(gpu.Model);
                n.Model[g] = model;
                n.Device[g] = gpu.Index;
                n.Link[g] = gpu.NvLinkGroup;
                n.Free[g] = gpu.Healthy ? Math.Clamp(gpu.FreeMilli, 0, WorkNode.Whole) : 0;
                primary = primary == -1 || primary == model ? model : -2;
            }

            n.PrimaryModel = primary;
            n.Recount();
            nodes[i] = n;
        }

        var cluster = new WorkCluster(nodes, models);
        foreach (var (name, id) in pools)
            cluster._poolIds[name] = id;
        cluster.Index();
        return cluster;
    }

    /// <summary>Takes <paramref name="milli"/> of each GPU position, and CPUs and memory, from a node.</summary>
    public void Take(WorkNode node, ReadOnlySpan<int> positions, int milli, long cpu, long memory)
    {
        foreach (var p in positions)
            node.Free[p] -= milli;
        node.CpuFree -= cpu;
        node.MemoryFree -= memory;
        node.Recount();
        node.Group?.Update(node);
    }

    /// <summary>Gives back what <see cref="Take"/> took (a job ended).</summary>
    public void Give(WorkNode node, ReadOnlySpan<int> positions, int milli, long cpu, long memory)
    {
        // No clamping: Give must undo Take exactly (reservation look-ahead walks forward and back).
        foreach (var p in positions)
            node.Free[p] += milli;
        node.CpuFree += cpu;
        node.MemoryFree += memory;
        node.Recount();
        node.Group?.Update(node);
    }

    /// <summary>The position of a device index on a node, or -1.</summary>
    public static int PositionOf(WorkNode node, int device)
    {
        for (var p = 0; p < node.Device.Length; p++)
        {
            if (node.Device[p] == device)
                return p;
        }

        return -1;
    }

    private void Index()
    {
        var groups = new List<NodeGroup>();
        foreach (var n in Nodes)
        {
            _nodeIds[n.Name] = n.Id;
            TotalGpuMilli += n.GpuCount * (long)WorkNode.Whole;
            TotalCpuMilli += n.CpuCapacity;
            TotalMemoryBytes += n.MemoryCapacity;
            MaxNodeCpu = Math.Max(MaxNodeCpu, n.CpuCapacity);
            MaxNodeGpuMilli = Math.Max(MaxNodeGpuMilli, n.GpuCount * (long)WorkNode.Whole);
            MaxNodeMemory = Math.Max(MaxNodeMemory, n.MemoryCapacity);
        }

        var maxGpus = Nodes.Length == 0 ? 0 : Nodes.Max(n => n.GpuCount);
        foreach (var n in Nodes)
        {
            if (!n.Schedulable)
                continue;
            var key = (n.Pool, n.PrimaryModel);
            if (!_groupMap.TryGetValue(key, out var group))
            {
                group = new NodeGroup(n.Pool, n.PrimaryModel, maxGpus);
                _groupMap[key] = group;
                groups.Add(group);
            }

            group.Add(n);
        }

        // GPU-less nodes first: CPU-only work should look there before it takes CPUs from GPU nodes.
        Groups = groups.OrderBy(g => g.Model == -1 ? 0 : 1).ThenBy(g => g.Pool).ThenBy(g => g.Model).ToArray();
    }
}
