using Gantry.Core.Hardware;
using Gantry.Execution;

namespace Gantry.Server.Cluster;

/// <summary>A pool: a name, the executor that runs its work, and its nodes.</summary>
internal sealed record PoolNodes(string Pool, IExecutor Executor, IReadOnlyList<NodeInventory> Nodes);
