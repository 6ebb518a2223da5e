using Gantry.Execution;
using Gantry.Server.Cluster;

namespace Gantry.Server.Jobs;

/// <summary>A job the supervisor is watching: what it holds and how to reach its process.</summary>
internal sealed class RunningJob(Allocation allocation, IExecutor executor, DateTimeOffset? deadline)
{
    private readonly Lock _gate = new();
    private string? _handle;
    private bool _cancelRequested;

    public Allocation Allocation { get; } = allocation;

    public IExecutor Executor { get; } = executor;

    public DateTimeOffset? Deadline { get; } = deadline;

    public long JobId => Allocation.JobId;

    /// <summary>Records the handle; returns true when a cancel arrived before it.</summary>
    public bool SetHandle(string handle)
    {
        lock (_gate)
        {
            _handle = handle;
            return _cancelRequested;
        }
    }

    /// <summary>Marks the job cancelled; returns the handle to signal, if it is known yet.</summary>
    public string? RequestCancel()
    {
        lock (_gate)
        {
            _cancelRequested = true;
            return _handle;
        }
    }
}
