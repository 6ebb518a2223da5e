using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Tests.Harness;

/// <summary>
/// The test harness: nodes, quotas, running jobs and a queue; builds a consistent snapshot (free =
/// capacity − running) and runs <see cref="GantryScheduler"/> on it.
/// </summary>
public sealed class SchedCluster(IEnumerable<SchedNode> nodes)
{
    private readonly List<NodeSnapshot> _nodes = nodes.Select(n => n.Build()).ToList();
    private readonly List<ProjectQuota> _projects = [];
    private readonly List<RunningAllocation> _running = [];
    private readonly List<QueuedJob> _queue = [];

    public double Now { get; set; } = 1000;

    /// <summary>The snapshot's burst threshold in seconds; null = no bursting.</summary>
    public double? BurstAfter { get; set; }

    public SchedCluster Quotas(params ProjectQuota[] quotas)
    {
        _projects.AddRange(quotas);
        return this;
    }

    public SchedCluster Running(params SchedRunning[] running)
    {
        _running.AddRange(running.Select(r => r.Build()));
        return this;
    }

    public SchedCluster Queue(params SchedJob[] jobs)
    {
        _queue.AddRange(jobs.Select(j => j.Build()));
        return this;
    }

    public SchedulingSnapshot Snapshot() =>
        new(Now, FreeCapacity.Subtract(_nodes, _running), _queue.ToArray()) { Running = _running.ToArray(), Projects = _projects.ToArray(), BurstAfterSeconds = BurstAfter };

    public Plan Schedule(SchedulerOptions? options = null)
    {
        var snapshot = Snapshot();
        var plan = new GantryScheduler(options).Schedule(snapshot);
        PlanInvariants.Check(snapshot, plan);
        return plan;
    }
}
