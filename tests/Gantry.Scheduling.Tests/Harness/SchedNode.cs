using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Tests.Harness;

/// <summary>Builds an idle node; <see cref="SchedCluster"/> subtracts what runs on it.</summary>
public sealed class SchedNode(string name)
{
    private readonly List<GpuState> _gpus = [];
    private string _pool = "default";
    private long _cpu = 64_000;
    private long _memory = 512L << 30;
    private bool _schedulable = true;

    public string Name => name;

    /// <summary>Adds GPUs of one model, numbered after the ones already there; <paramref name="nvLinkGroup"/> -1 = no NVLink.</summary>
    public SchedNode Gpus(int count, string model = Sched.H100, int nvLinkGroup = -1)
    {
        var next = _gpus.Count;
        for (var i = 0; i < count; i++)
            _gpus.Add(new GpuState(next + i, model, 80L << 30, 1000, nvLinkGroup));
        return this;
    }

    /// <summary>Sets the NVLink group of each GPU in order (e.g. 0,0,0,0,1,1,1,1 for two NVLink islands of four).</summary>
    public SchedNode NvLink(params int[] groups)
    {
        for (var i = 0; i < groups.Length && i < _gpus.Count; i++)
            _gpus[i] = _gpus[i] with { NvLinkGroup = groups[i] };
        return this;
    }

    public SchedNode Cpus(double cpus)
    {
        _cpu = (long)(cpus * 1000);
        return this;
    }

    public SchedNode MemoryGi(long gibibytes)
    {
        _memory = gibibytes << 30;
        return this;
    }

    public SchedNode Pool(string pool)
    {
        _pool = pool;
        return this;
    }

    public SchedNode Unschedulable()
    {
        _schedulable = false;
        return this;
    }

    public NodeSnapshot Build() => new(name, _pool, _gpus.ToArray(), _cpu, _memory, _cpu, _memory, _schedulable);
}
