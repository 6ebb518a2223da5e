using Gantry.Core.Jobs;

namespace Gantry.Execution.Distributed;

/// <summary>
/// Where the processes of a distributed job run: its framework, its nodes in order (the first hosts the rendezvous),
/// processes per node, and the port the rendezvous listens on.
/// </summary>
public sealed record DistributedLayout(string Framework, IReadOnlyList<string> Nodes, int ProcessesPerNode, int MasterPort)
{
    public int WorldSize => Nodes.Count * ProcessesPerNode;

    public string MasterAddress => Nodes[0];

    /// <summary>The layout of a job: <paramref name="nodes"/> as placed, the port derived from the job id.</summary>
    public static DistributedLayout For(DistributedRequest request, IReadOnlyList<string> nodes, long jobId)
    {
        if (nodes.Count == 0)
            throw new ArgumentException("a distributed job needs at least one node", nameof(nodes));
        return new DistributedLayout(request.Framework, nodes, request.ProcessesPerNode, DistributedEnvironment.MasterPort(jobId));
    }
}
