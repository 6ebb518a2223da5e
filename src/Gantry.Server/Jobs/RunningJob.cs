using Gantry.Execution;
using Gantry.Scheduling.Model;
using Gantry.Server.Cluster;
using Gantry.Storage.Records;

namespace Gantry.Server.Jobs;

/// <summary>A job the supervisor is watching: what it holds, who it belongs to, and how to reach its process.</summary>
internal sealed class RunningJob(Allocation allocation, IExecutor executor, DateTimeOffset? deadline, JobRecord record)
{
    private readonly Lock _gate = new();
    private string? _handle;
    private bool _stopRequested;

    private volatile Allocation _allocation = allocation;

    /// <summary>What it holds; replaced once when the engine picks other devices than Gantry recorded (Slurm's GRES).</summary>
    public Allocation Allocation
    {
        get => _allocation;
        set => _allocation = value;
    }

    public IExecutor Executor { get; } = executor;

    public DateTimeOffset? Deadline { get; } = deadline;

    public long JobId => Allocation.JobId;

    public string Project { get; } = record.Project;

    public int Priority { get; } = record.Priority;

    public bool Preemptible { get; } = record.Preemptible;

    public bool Borrowed { get; } = record.Borrowed;

    /// <summary>Unix seconds when this attempt started.</summary>
    public double StartTime { get; } = (record.StartedAtMs ?? 0) / 1000.0;

    /// <summary>True once a cancel or a preemption asked the job to stop: its resources are about to come free.</summary>
    public bool Terminating
    {
        get
        {
            lock (_gate)
                return _stopRequested;
        }
    }

    /// <summary>Records the handle; returns true when a cancel or preemption arrived before it.</summary>
    public bool SetHandle(string handle)
    {
        lock (_gate)
        {
            _handle = handle;
            return _stopRequested;
        }
    }

    /// <summary>Marks the job to stop; returns the handle to signal, if it is known yet.</summary>
    public string? RequestStop()
    {
        lock (_gate)
        {
            _stopRequested = true;
            return _handle;
        }
    }

    /// <summary>The job as the scheduler sees it.</summary>
    public RunningAllocation ToScheduler()
    {
        var placements = Allocation.Placements
            .Select(p => new NodeAllocation(p.Node, p.Devices.Select(d => new GpuShare(d, Allocation.GpuMilli)).ToArray(), (long)Math.Round(Allocation.Cpus * 1000), Allocation.MemoryBytes))
            .ToArray();
        var end = Deadline is { } d ? d.ToUnixTimeMilliseconds() / 1000.0 : (double?)null;
        return new RunningAllocation(JobId, Project, Priority, Preemptible, StartTime, end, placements, Borrowed, Terminating);
    }
}
