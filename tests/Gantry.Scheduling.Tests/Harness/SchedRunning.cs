using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Tests.Harness;

/// <summary>Builds a running allocation: project "a", priority 0, not preemptible, started at 0, no time limit, unless told otherwise.</summary>
public sealed class SchedRunning(long id)
{
    private readonly List<NodeAllocation> _placements = [];
    private string _project = "a";
    private int _priority;
    private bool _preemptible;
    private bool _borrowed;
    private bool _terminating;
    private double _start;
    private double? _end;

    public SchedRunning Project(string project)
    {
        _project = project;
        return this;
    }

    public SchedRunning Priority(int priority)
    {
        _priority = priority;
        return this;
    }

    public SchedRunning Preemptible()
    {
        _preemptible = true;
        return this;
    }

    public SchedRunning Borrowed()
    {
        _borrowed = true;
        return this;
    }

    public SchedRunning Terminating()
    {
        _terminating = true;
        return this;
    }

    /// <summary>Whole GPUs on a node, with one CPU and 1 GiB per GPU (at least one CPU).</summary>
    public SchedRunning On(string node, params int[] gpus) => OnShare(node, 1000, gpus);

    /// <summary>A share of each listed GPU on a node.</summary>
    public SchedRunning OnShare(string node, int milli, params int[] gpus)
    {
        var n = Math.Max(1, gpus.Length);
        _placements.Add(new NodeAllocation(node, gpus.Select(g => new GpuShare(g, milli)).ToArray(), n * 1000L, n * (1L << 30)));
        return this;
    }

    /// <summary>Only CPUs and memory on a node.</summary>
    public SchedRunning OnCpus(string node, double cpus, long memoryGi = 1)
    {
        _placements.Add(new NodeAllocation(node, [], (long)(cpus * 1000), memoryGi << 30));
        return this;
    }

    public SchedRunning Started(double start)
    {
        _start = start;
        return this;
    }

    public SchedRunning Ends(double end)
    {
        _end = end;
        return this;
    }

    public RunningAllocation Build() => new(id, _project, _priority, _preemptible, _start, _end, _placements.ToArray(), _borrowed, _terminating);
}
