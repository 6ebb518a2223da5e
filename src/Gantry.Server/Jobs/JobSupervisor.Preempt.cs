using Gantry.Core.Jobs;
using Gantry.Scheduling.Model;

namespace Gantry.Server.Jobs;

internal sealed partial class JobSupervisor
{
    /// <summary>
    /// Makes room as the plan says: records the preemption (audited), writes the notice file named by
    /// <c>GANTRY_PREEMPT_FILE</c>, then SIGTERM and, after the grace period, SIGKILL. When the attempt
    /// ends the job is queued again with its original place in line and its attempt count.
    /// </summary>
    private async Task PreemptAsync(Preemption preemption, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(preemption.JobId, out var job) || job.Terminating)
            return;
        var reason = preemption.Describe();
        var recorded = await writer.WriteAsync(scope =>
        {
            var record = scope.Db.Jobs.Find(preemption.JobId);
            if (record is not { State: JobState.Running } || record.CancelRequested)
                return false;
            record.PreemptRequested = true;
            record.Reason = reason;
            scope.Audit("gantry", "job.preempt", $"job/{record.Id}", "ok", reason);
            return true;
        }, cancellationToken);
        if (!recorded)
            return;
        Log.Preempting(logger, preemption.JobId, preemption.ForJobId, reason);
        await File.WriteAllTextAsync(PreemptFile(preemption.JobId), reason + "\n", cancellationToken);
        events.Changed(preemption.JobId);
        if (job.RequestStop() is { } handle)
            _ = CancelProcessAsync(job, handle, TimeSpan.FromSeconds(preemption.GraceSeconds));
    }
}
