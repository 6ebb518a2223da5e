using System.Globalization;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Jobs;

/// <summary>`gantry queue` and `gantry job explain`: the scheduler's last word on every waiting job.</summary>
internal sealed class QueueService(
    JobService jobs,
    JobSupervisor supervisor,
    TimeProvider time,
    IOptions<JobOptions> options,
    Cluster.HybridPools hybrid,
    Cost.BurstPricing burstPricing,
    IOptions<Cluster.BurstOptions> burstOptions)
{
    public IReadOnlyList<QueueEntryView> List(Caller caller, string? project, int limit)
    {
        var state = supervisor.Queue;
        return state.Plan.Pending
            .Where(p => state.Queued.ContainsKey(p.JobId))
            .Select(p => (Explanation: p, Job: state.Queued[p.JobId]))
            .Where(x => caller.CanSee(x.Job.Project) && (project is null || x.Job.Project == project))
            .OrderBy(x => x.Explanation.Position)
            .Take(limit)
            .Select(x => new QueueEntryView(
                x.Explanation.Position,
                x.Job.Id,
                x.Job.Name,
                x.Job.Project,
                x.Job.User,
                x.Job.Priority,
                JobViews.From(x.Job).Resources,
                x.Explanation.Reason.ToString(),
                DateTimeOffset.FromUnixTimeMilliseconds(x.Job.SubmittedAtMs),
                ToTime(x.Explanation.EstimatedStart)))
            .ToArray();
    }

    public async Task<Outcome<ExplainView>> ExplainAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var found = await jobs.GetRecordAsync(caller, id, cancellationToken);
        if (!found.IsOk)
            return found.Error;
        var explained = Explain(found.Value);
        var burst = found.Value.State == JobState.Queued ? Outlook(found.Value) : Cost.BurstViews.Recorded(found.Value);
        return burst is null ? explained : explained with { Summary = explained.Summary + " " + burst.Summary, Burst = burst };
    }

    /// <summary>For a queued job that allows burst: the cheapest cloud pool it may go to and the estimated extra cost.</summary>
    private BurstEstimateView? Outlook(Storage.Records.JobRecord job)
    {
        if (!job.Burst)
            return null;
        var choice = hybrid.For(job.Pool, true, job.InputClass);
        if (burstPricing.Cheapest(job.Gpus, job.GpuMilli, job.Nodes, job.GpuType, job.TimeLimitSeconds, choice) is not { } estimate)
            return null;
        var after = burstOptions.Value.BurstAfter;
        var when = after is { } a
            ? $"If its estimated wait on-premises exceeds {DurationText.Format(a)} it may run in cloud pool '{estimate.Pool}':"
            : "Bursting is off (Scheduler:BurstAfter is not set); if it were on,";
        return Cost.BurstViews.From(estimate, after, $"{when} {estimate.Describe()}.");
    }

    private ExplainView Explain(Storage.Records.JobRecord job)
    {
        var id = job.Id;
        var now = time.GetUtcNow();
        var state = supervisor.Queue;
        if (job.State == JobState.Queued && job.NotBeforeMs > now.ToUnixTimeMilliseconds())
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(job.NotBeforeMs);
            return Simple(job.Id, job.State, $"Job {job.Id} is waiting out its retry backoff until {Iso(at)}: {job.Reason}", at);
        }

        if (job.State == JobState.Queued)
        {
            if (state.Explain(id) is { } e && state.Queued.ContainsKey(id))
            {
                return new ExplainView(job.Id, job.State, e.Describe(), e.Position, e.Reason.ToString(), e.Ahead, ToTime(e.EstimatedStart), state.At);
            }

            var interval = DurationText.Format(options.Value.SchedulerInterval);
            return Simple(job.Id, job.State, $"Job {job.Id} is queued and has not been through a scheduling cycle yet (one runs at least every {interval} and on every change).", null);
        }

        var summary = job.State switch
        {
            JobState.Running when job.PreemptRequested => $"Job {job.Id} is being preempted: {job.Reason}",
            JobState.Running when job.CancelRequested => $"Job {job.Id} is stopping: {job.Reason}.",
            JobState.Running => $"Job {job.Id} is running on node {job.Node} since {Iso(DateTimeOffset.FromUnixTimeMilliseconds(job.StartedAtMs ?? 0))}"
                + (string.IsNullOrEmpty(job.Devices) ? "" : $" with GPU(s) {job.Devices}")
                + (job.Borrowed ? "; it runs on quota borrowed from its cohort and may be preempted when a lender needs it back." : "."),
            JobState.Succeeded => $"Job {job.Id} succeeded.",
            _ => $"Job {job.Id} is {job.State.ToString().ToLowerInvariant()}: {job.Reason ?? "no reason recorded"}.",
        };
        return Simple(job.Id, job.State, summary, null);
    }

    private static ExplainView Simple(long id, JobState state, string summary, DateTimeOffset? at) =>
        new(id, state, summary, null, null, [], at, null);

    private static DateTimeOffset? ToTime(double? unixSeconds) =>
        unixSeconds is { } s ? DateTimeOffset.FromUnixTimeMilliseconds((long)(s * 1000)) : null;

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
