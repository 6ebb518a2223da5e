using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Simulation;

/// <summary>A node's free capacity during a replay, and its snapshot record (rebuilt only after a change).</summary>
internal sealed class ReplayNode(TraceNode node)
{
    private NodeSnapshot? _snapshot;

    public TraceNode Node { get; } = node;

    public int[] Free { get; } = Enumerable.Repeat(1000, node.Model is null ? 0 : node.Gpus).ToArray();

    public long CpuFree { get; set; } = node.CpuMilli;

    public long MemoryFree { get; set; } = node.MemoryMib << 20;

    public void Changed() => _snapshot = null;

    public NodeSnapshot Snapshot()
    {
        if (_snapshot is not null)
            return _snapshot;
        var gpus = new GpuState[Free.Length];
        for (var i = 0; i < gpus.Length; i++)
            gpus[i] = new GpuState(i, Node.Model!, FreeMilli: Free[i]);
        _snapshot = new NodeSnapshot(Node.Name, TraceCluster.Pool, gpus, Node.CpuMilli, Node.MemoryMib << 20, CpuFree, MemoryFree);
        return _snapshot;
    }
}
