using Gantry.Core.Jobs;
using Gantry.Execution;
using Gantry.Server.Cluster;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Jobs;

internal sealed partial class JobSupervisor
{
    // Task.Delay takes at most ~49 days at once; long limits are waited in steps.
    private static readonly TimeSpan MaxDelayStep = TimeSpan.FromDays(30);

    /// <summary>Follows one attempt to its end (or its time limit) and records the outcome.</summary>
    private void Watch(RunningJob job, string handle)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var exited = job.Executor.WaitForExitAsync(handle, _stopping);
                var timedOut = job.Deadline is { } deadline && !await ExitsBeforeAsync(exited, deadline);
                if (timedOut)
                    await job.Executor.CancelAsync(handle, Options.CancelGrace, _stopping);
                var exit = await exited;
                await FinishAsync(job.JobId, exit, timedOut, _stopping);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // The server is stopping; the next one re-attaches.
            }
            catch (Exception ex)
            {
                Log.WatchFailed(logger, job.JobId, ex);
            }
        });
    }

    private async Task<bool> ExitsBeforeAsync(Task<TaskExit> exited, DateTimeOffset deadline)
    {
        while (true)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
                return exited.IsCompleted;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            var step = Task.Delay(remaining < MaxDelayStep ? remaining : MaxDelayStep, time, cts.Token);
            if (await Task.WhenAny(exited, step) == exited)
            {
                await cts.CancelAsync();
                return true;
            }

            _stopping.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Records how an attempt ended: succeeded, failed, cancelled, or queued again for a retry.</summary>
    private async Task FinishAsync(long jobId, TaskExit exit, bool timedOut, CancellationToken cancellationToken)
    {
        exit = await dataHooks.RegisterOutputsAsync(jobId, exit, timedOut, cancellationToken);
        var state = await writer.WriteAsync(scope =>
        {
            var job = scope.Db.Jobs.Find(jobId);
            if (job is null || job.State != JobState.Running)
                return (JobState?)null;
            JobTransitions.Finish(job, exit, timedOut, scope.NowMs, Options);
            monitoring.AttemptFinished(scope, job);
            return job.State;
        }, cancellationToken);
        _running.TryRemove(jobId, out _);
        if (state is { } s)
            Log.JobFinished(logger, jobId, s, exit.ExitCode);
        events.Changed(jobId);
        Wake();
    }

    /// <summary>
    /// After a restart: every job recorded as Running is re-attached when its process lives, and
    /// otherwise finished from its exit file (or failed, and retried if allowed). None stays
    /// "Running" without a process behind it.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        List<Storage.Records.JobRecord> running;
        await using (var db = store.CreateContext())
            running = await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Running).ToListAsync(cancellationToken);

        foreach (var job in running)
        {
            var node = job.Node is null ? null : inventory.Find(job.Node);
            if (node is null)
            {
                await FinishAsync(job.Id, new TaskExit(null, null, $"its node '{job.Node}' is no longer part of the cluster"), false, cancellationToken);
                continue;
            }

            if (job.Handle is null)
            {
                await FinishAsync(job.Id, new TaskExit(null, null, "the server stopped while starting it"), false, cancellationToken);
                continue;
            }

            var executor = node.Value.Executor;
            if (await executor.IsAliveAsync(job.Handle, cancellationToken))
            {
                var deadline = job.TimeLimitSeconds is { } limit && job.StartedAtMs is { } started
                    ? DateTimeOffset.FromUnixTimeMilliseconds(started).AddSeconds(limit)
                    : (DateTimeOffset?)null;
                var watched = new RunningJob(AllocationOf(job), executor, deadline, job);
                _running[job.Id] = watched;
                if (job.CancelRequested || job.PreemptRequested)
                    watched.RequestStop();
                if (watched.SetHandle(job.Handle))
                    _ = CancelProcessAsync(watched, job.Handle, Options.CancelGrace);
                Log.Reattached(logger, job.Id);
                Watch(watched, job.Handle);
                FollowEngineDevices(watched, job.Handle);
                continue;
            }

            var exit = await executor.WaitForExitAsync(job.Handle, cancellationToken);
            await FinishAsync(job.Id, exit, false, cancellationToken);
        }
    }
}
