using Gantry.Core.Hardware;
using Gantry.Core.Jobs;

namespace Gantry.Scheduling.Tests;

/// <summary>Fluent builders for scheduler inputs: <c>Make.Node("n1").Gpus(8)</c>, <c>Make.Job(1).Gpus(2)</c>.</summary>
public static class Make
{
    public const string H100 = "NVIDIA H100 80GB HBM3";
    public const string A100 = "NVIDIA A100-SXM4-80GB";

    public static NodeBuilder Node(string name) => new(name);

    public static JobBuilder Job(long id) => new(id);

    public static ClusterSnapshot Snapshot(IEnumerable<NodeBuilder> nodes, IEnumerable<JobBuilder> jobs) =>
        new(nodes.Select(n => n.Build()).ToList(), jobs.Select(j => j.Build()).ToList());

    public static SchedulePlan Schedule(IEnumerable<NodeBuilder> nodes, IEnumerable<JobBuilder> jobs) =>
        PriorityFifoScheduler.Schedule(Snapshot(nodes, jobs));

    public static AcceleratorDevice Gpu(int index, string model = H100) =>
        new(index, "nvidia", $"GPU-{index:D4}", model, 80L << 30);
}

public sealed class NodeBuilder(string name)
{
    private readonly List<AcceleratorDevice> _devices = [];
    private string _pool = "default";
    private double _cpus = 64;
    private long _memory = 512L << 30;

    /// <summary>Adds <paramref name="count"/> free GPUs, numbered after the ones already there.</summary>
    public NodeBuilder Gpus(int count, string model = Make.H100)
    {
        var next = _devices.Count == 0 ? 0 : _devices.Max(d => d.Index) + 1;
        for (var i = 0; i < count; i++)
            _devices.Add(Make.Gpu(next + i, model));
        return this;
    }

    /// <summary>Free GPUs with these indices (the others on the node are taken).</summary>
    public NodeBuilder FreeGpuIndices(params int[] indices)
    {
        _devices.AddRange(indices.Select(i => Make.Gpu(i)));
        return this;
    }

    /// <summary>A declared accelerator that is not a GPU (a TPU slice, say).</summary>
    public NodeBuilder NonGpu(int index, string model)
    {
        _devices.Add(new AcceleratorDevice(index, "declared", $"ACC-{index}", model, 0, IsGpu: false));
        return this;
    }

    public NodeBuilder Cpus(double cpus)
    {
        _cpus = cpus;
        return this;
    }

    public NodeBuilder MemoryGi(long gibibytes)
    {
        _memory = gibibytes << 30;
        return this;
    }

    public NodeBuilder Pool(string pool)
    {
        _pool = pool;
        return this;
    }

    public NodeState Build() => new(name, _pool, _cpus, _memory, _devices.ToArray());
}

public sealed class JobBuilder(long id)
{
    private int _priority;
    private int _gpus;
    private string? _gpuType;
    private double _cpus = 1;
    private long _memory = 1L << 30;
    private int _nodes = 1;
    private string? _pool;

    public JobBuilder Priority(int priority)
    {
        _priority = priority;
        return this;
    }

    public JobBuilder Gpus(int gpus, string? type = null)
    {
        _gpus = gpus;
        _gpuType = type;
        return this;
    }

    public JobBuilder Cpus(double cpus)
    {
        _cpus = cpus;
        return this;
    }

    public JobBuilder MemoryGi(long gibibytes)
    {
        _memory = gibibytes << 30;
        return this;
    }

    public JobBuilder Nodes(int nodes)
    {
        _nodes = nodes;
        return this;
    }

    public JobBuilder Pool(string pool)
    {
        _pool = pool;
        return this;
    }

    public ResourceRequest Resources() => new(_gpus, _gpuType, _cpus, _memory, _nodes);

    public PendingJob Build() => new(id, _priority, Resources(), _pool);
}
