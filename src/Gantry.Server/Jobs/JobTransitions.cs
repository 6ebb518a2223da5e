using Gantry.Core.Jobs;
using Gantry.Core.Text;
using Gantry.Execution;
using Gantry.Storage.Records;

namespace Gantry.Server.Jobs;

/// <summary>The rules for what a job becomes when its attempt ends. Pure: it only edits the record.</summary>
internal static class JobTransitions
{
    public static void Finish(JobRecord job, TaskExit exit, bool timedOut, long nowMs, JobOptions options)
    {
        job.ExitCode = exit.ExitCode;
        job.FinishedAtMs = nowMs;
        job.Handle = null;
        if (job.CancelRequested)
        {
            job.State = JobState.Cancelled;
            job.Reason ??= "cancelled";
            return;
        }

        if (job.PreemptRequested)
        {
            // Requeued keeping its place in line (SubmittedAtMs) and its attempt count, whatever the
            // exit status: a job that checkpointed on the notice and exited 0 resumes from there.
            job.PreemptRequested = false;
            job.Preemptions++;
            job.State = JobState.Queued;
            job.Reason = $"preempted and requeued (preemption {job.Preemptions}): {job.Reason}";
            job.NotBeforeMs = nowMs;
            job.Node = null;
            job.Devices = null;
            job.Borrowed = false;
            return;
        }

        if (exit.Succeeded && !timedOut)
        {
            job.State = JobState.Succeeded;
            job.Reason = null;
            return;
        }

        var why = timedOut
            ? $"time limit of {DurationText.Format(TimeSpan.FromSeconds(job.TimeLimitSeconds ?? 0))} exceeded"
            : exit.Signal is { } signal ? $"killed by signal {signal}"
            : exit.ExitCode is { } code ? $"exit code {code}"
            : exit.Reason ?? "the process ended with an unknown status";

        // A time-limit kill is not retried: the same attempt would hit the same limit.
        if (!timedOut && job.Attempt <= job.MaxRetries)
        {
            var backoff = options.BackoffFor(job.Attempt);
            job.Reason = $"attempt {job.Attempt} failed ({why}); retry {job.Attempt} of {job.MaxRetries} after {DurationText.Format(backoff)}";
            job.Attempt++;
            job.State = JobState.Queued;
            job.NotBeforeMs = nowMs + (long)backoff.TotalMilliseconds;
            job.Node = null;
            job.Devices = null;
            return;
        }

        job.State = JobState.Failed;
        job.Reason = job.Attempt > 1 ? $"{why} (attempt {job.Attempt} of {job.MaxRetries + 1})" : why;
    }
}
