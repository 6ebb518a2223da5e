namespace Gantry.Scheduling;

/// <summary>An immutable picture of the cluster handed to the scheduler: free capacity and the queue.</summary>
public sealed record ClusterSnapshot(IReadOnlyList<NodeState> Nodes, IReadOnlyList<PendingJob> Queue);
