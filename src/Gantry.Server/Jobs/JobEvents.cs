using System.Collections.Concurrent;

namespace Gantry.Server.Jobs;

/// <summary>Wakes whoever waits on a job (wait, log follow) when its record changes.</summary>
internal sealed class JobEvents
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiters = new();

    /// <summary>A task that completes at the next change of <paramref name="jobId"/>.</summary>
    public Task NextChange(long jobId) =>
        _waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Changed(long jobId)
    {
        if (_waiters.TryRemove(jobId, out var waiter))
            waiter.TrySetResult();
    }
}
