using Gantry.Core.Hardware;
using Gantry.Execution;
using Gantry.Scheduling;

namespace Gantry.Server.Cluster;

/// <summary>The pools and nodes this server schedules onto, discovered at start-up.</summary>
internal sealed class ClusterInventory
{
    private IReadOnlyList<PoolNodes> _pools = [];

    public IReadOnlyList<PoolNodes> Pools => _pools;

    public IEnumerable<(string Pool, IExecutor Executor, NodeInventory Node)> Nodes =>
        _pools.SelectMany(p => p.Nodes.Select(n => (p.Pool, p.Executor, n)));

    public async Task DiscoverAsync(IReadOnlyList<(string Pool, IExecutor Executor)> pools, CancellationToken cancellationToken)
    {
        var found = new List<PoolNodes>();
        foreach (var (pool, executor) in pools)
            found.Add(new PoolNodes(pool, executor, await executor.DiscoverAsync(cancellationToken)));
        _pools = found;
    }

    public (string Pool, IExecutor Executor, NodeInventory Node)? Find(string node)
    {
        foreach (var entry in Nodes)
        {
            if (entry.Node.Name == node)
                return entry;
        }

        return null;
    }

    /// <summary>The pools whose executor runs one task across several nodes (every kind but local): where gangs may go.</summary>
    public IReadOnlySet<string> GangPools() =>
        Pools.Where(p => p.Executor.Kind != "local").Select(p => p.Pool).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every node as if nothing ran on it: the question "could this ever fit?".</summary>
    public IReadOnlyList<NodeState> Capacity() =>
        Nodes.Select(e => new NodeState(e.Node.Name, e.Pool, e.Node.Cpus, e.Node.MemoryBytes, e.Node.Accelerators)).ToArray();
}
