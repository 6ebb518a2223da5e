using Gantry.Core.Jobs;
using Gantry.Storage;
using Gantry.Storage.Records;
using Gantry.Storage.Telemetry;

namespace Gantry.Server.Monitoring;

/// <summary>
/// What the job supervisor tells monitoring: an attempt started, an attempt ended, a scheduling
/// cycle ran. Usage (queue time, run time, GPU time) is written in the supervisor's own transaction;
/// histograms are recorded once it commits.
/// </summary>
internal sealed class MonitoringHooks(GantryMetrics metrics, TimeProvider time)
{
    /// <summary>Raised after an attempt's end is committed, with the job id (job metrics read the file one last time).</summary>
    public event Action<long>? AttemptEnded;

    /// <summary>Call in the transaction that marks <paramref name="job"/> running.</summary>
    public void AttemptStarted(WriteScope scope, JobRecord job)
    {
        var now = scope.NowMs;
        var waitMs = Math.Max(0, now - Math.Max(job.SubmittedAtMs, job.NotBeforeMs));
        var usage = UsageOf(scope, job.Id);
        usage.Attempts++;
        usage.QueueMs += waitMs;
        usage.RunningSinceMs = now;
        usage.RunningGpus = job.Gpus;
        scope.AfterCommit(() => metrics.AttemptStarted(waitMs / 1000.0));
    }

    /// <summary>Call in the transaction that records how an attempt of <paramref name="job"/> ended (after the state is set).</summary>
    public void AttemptFinished(WriteScope scope, JobRecord job)
    {
        var now = scope.NowMs;
        var usage = UsageOf(scope, job.Id);
        var since = usage.RunningSinceMs ?? job.StartedAtMs;
        var gpus = usage.RunningSinceMs is null ? job.Gpus : usage.RunningGpus;
        if (usage.Attempts == 0)
            usage.Attempts = 1;
        var runMs = since is { } s ? Math.Max(0, now - s) : 0;
        usage.RunMs += runMs;
        usage.GpuMs += runMs * gpus;
        usage.RunningSinceMs = null;
        usage.RunningGpus = 0;
        var outcome = job.State == JobState.Queued ? "retried" : job.State.ToString().ToLowerInvariant();
        var jobId = job.Id;
        scope.AfterCommit(() =>
        {
            metrics.AttemptFinished(runMs / 1000.0, outcome);
            AttemptEnded?.Invoke(jobId);
        });
    }

    /// <summary>Times one scheduling cycle: <c>using var cycle = hooks.SchedulerCycle();</c>.</summary>
    public CycleTimer SchedulerCycle() => new(this, time.GetTimestamp());

    private void RecordCycle(long started) => metrics.SchedulerCycle(time.GetElapsedTime(started).TotalSeconds);

    private static JobUsageRecord UsageOf(WriteScope scope, long jobId)
    {
        var usage = scope.Db.Set<JobUsageRecord>().Find(jobId);
        if (usage is null)
        {
            usage = new JobUsageRecord { JobId = jobId };
            scope.Db.Set<JobUsageRecord>().Add(usage);
        }

        return usage;
    }

    /// <summary>Records the cycle's time when disposed.</summary>
    public readonly struct CycleTimer(MonitoringHooks hooks, long started) : IDisposable
    {
        public void Dispose() => hooks.RecordCycle(started);
    }
}
