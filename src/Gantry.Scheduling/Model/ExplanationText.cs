using System.Globalization;
using System.Text;
using Gantry.Core.Text;

namespace Gantry.Scheduling.Model;

/// <summary>Renders a <see cref="PendingExplanation"/> as a few plain sentences.</summary>
internal static class ExplanationText
{
    public static string Render(PendingExplanation e)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Job {e.JobId} is waiting, {TimeWords.Ordinal(e.Position)} in this cycle's order");
        if (e.AheadCount > 0)
        {
            var shown = e.Ahead.Count > 0 ? $" (just ahead: {string.Join(", ", e.Ahead)})" : "";
            text.Append(CultureInfo.InvariantCulture, $", with {e.AheadCount} waiting job{(e.AheadCount == 1 ? "" : "s")} ahead of it{shown}");
        }

        text.Append(". ");
        if (e.Request is not null)
            text.Append(CultureInfo.InvariantCulture, $"It asks for {e.Request}. ");
        text.Append(Reason(e)).Append(' ');
        if (e.Shortfall is not null)
            text.Append(CultureInfo.InvariantCulture, $"Right now {e.Shortfall}. ");
        if (e.Quota is not null)
            text.Append(Quota(e.Quota)).Append(' ');
        text.Append(Estimate(e));
        if (e.Burst is { } burst)
            text.Append(' ').Append(Burst(burst));
        return text.ToString().TrimEnd();
    }

    private static string Reason(PendingExplanation e) => e.Reason switch
    {
        PendingReason.Resources => "No free place fits it now; it waits for running jobs to end.",
        PendingReason.Reserved => "It is first in line for what it needs and holds a reservation: the resources it will use are kept from jobs that would still run then.",
        PendingReason.WouldDelayReservation => $"It would fit now, but only on resources reserved for job {e.BlockedByReservationOf?.ToString(CultureInfo.InvariantCulture) ?? "ahead of it"}, and it would still be running when that job starts (a shorter time limit lets it run in the gap).",
        PendingReason.BehindHead => $"The queue is strictly first in, first out, and job {e.BlockedByReservationOf?.ToString(CultureInfo.InvariantCulture) ?? "ahead of it"} ahead of it is waiting.",
        PendingReason.QuotaLimit => $"Starting it would take project '{e.Project}' over its quota (its limit, or its guaranteed share when it has no cohort to borrow from).",
        PendingReason.CohortExhausted => $"Project '{e.Project}' is at its guaranteed quota and would have to borrow, but its cohort has not enough idle quota to lend.",
        PendingReason.WaitingForPreemption => "Running jobs of lower priority or on borrowed quota were asked to stop for it (they get a grace period to checkpoint); it starts when they have exited.",
        PendingReason.NeverFits => "No node in its pool could ever hold it, even with nothing else running; change its request.",
        PendingReason.Invalid => $"Its request is invalid: {e.Invalid ?? "malformed"}.",
        _ => "The scheduler stopped this cycle before reaching it (a per-cycle limit); it is considered again next cycle.",
    };

    private static string Quota(QuotaStanding q)
    {
        // Only the resources the quota limits: "uses 3 GPUs; guaranteed 4 GPUs", not three columns of "no limit".
        var shown = new ResourceVector(
            Limited(q.Guaranteed.GpuMilli, q.Limit?.GpuMilli),
            Limited(q.Guaranteed.CpuMilli, q.Limit?.CpuMilli),
            Limited(q.Guaranteed.MemoryBytes, q.Limit?.MemoryBytes));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Project '{q.Project}' uses {Amount(q.Used, shown)}; guaranteed {Amount(q.Guaranteed, shown)}");
        if (q.Limit is { } limit)
            text.Append(CultureInfo.InvariantCulture, $", limit {Amount(limit, shown)}");
        if (q.Cohort is not null)
            text.Append(CultureInfo.InvariantCulture, $"; cohort '{q.Cohort}' has {Amount(q.CohortIdle ?? ResourceVector.Zero, shown)} idle");
        return text.Append('.').ToString();
    }

    private static long Limited(long guaranteed, long? limit) => guaranteed < ResourceVector.Unlimited || (limit ?? ResourceVector.Unlimited) < ResourceVector.Unlimited ? 1 : 0;

    private static string Estimate(PendingExplanation e)
    {
        if (e.Reason is PendingReason.NeverFits or PendingReason.Invalid)
            return "";
        if (e.EstimatedStart is not { } start)
        {
            return e.Reason is PendingReason.QuotaLimit or PendingReason.CohortExhausted
                ? "No start can be estimated: the quota it needs is held by jobs without a time limit."
                : "No start can be estimated: the resources it needs are held by jobs without a time limit.";
        }

        var wait = start - e.Now;
        return e.Reason switch
        {
            PendingReason.Reserved or PendingReason.WaitingForPreemption => wait <= 0 ? "It should start in the next cycle." : $"It should start in {TimeWords.Span(wait)}.",
            PendingReason.QuotaLimit or PendingReason.CohortExhausted => $"Its project's running jobs free enough quota within {TimeWords.Span(wait)} at the latest (by their time limits).",
            _ => wait <= 0
                ? "Resources for it are free now; jobs ahead of it come first."
                : $"It could start in {TimeWords.Span(wait)} at the earliest, when running jobs reach their time limits (jobs ahead of it may take those resources first).",
        };
    }

    private static string Burst(BurstDecision b) => b.HomeWaitSeconds is { } wait && wait <= b.AfterSeconds
        ? $"It may burst to a cloud pool, but its estimated wait in its own pools ({TimeWords.Span(wait)}) is within the burst threshold ({TimeWords.Span(b.AfterSeconds)}), so it waits there."
        : $"It may burst to a cloud pool and its estimated wait in its own pools ({(b.HomeWaitSeconds is { } w ? TimeWords.Span(w) : "unbounded")}) is over the burst threshold ({TimeWords.Span(b.AfterSeconds)}), but no burst pool has room for it now either.";

    private static string Amount(ResourceVector v, ResourceVector shown)
    {
        var parts = new List<string>();
        if (shown.GpuMilli != 0)
            parts.Add(v.GpuMilli >= ResourceVector.Unlimited ? "unlimited GPUs" : $"{(v.GpuMilli / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)} GPU{(v.GpuMilli == 1000 ? "" : "s")}");
        if (shown.CpuMilli != 0)
            parts.Add(v.CpuMilli >= ResourceVector.Unlimited ? "unlimited CPUs" : $"{(v.CpuMilli / 1000.0).ToString("0.##", CultureInfo.InvariantCulture)} CPUs");
        if (shown.MemoryBytes != 0)
            parts.Add(v.MemoryBytes >= ResourceVector.Unlimited ? "unlimited memory" : MemorySize.Human(v.MemoryBytes));
        return parts.Count == 0 ? "no limit" : string.Join(", ", parts);
    }
}
