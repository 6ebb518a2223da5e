namespace Gantry.Scheduling.Model;

/// <summary>
/// Why a job waits, as data: its place in line, the reason, the resource it lacks, its project's
/// quota, the jobs ahead of it, and the earliest start the running jobs' time limits allow.
/// <see cref="Describe"/> turns it into sentences for <c>gantry job explain</c>.
/// </summary>
public sealed record PendingExplanation(long JobId, int Position, PendingReason Reason)
{
    public string Project { get; init; } = "";

    /// <summary>What it asks for, in words ("4 H100 GPUs, 16 CPUs and 64 GiB on one node").</summary>
    public string? Request { get; init; }

    /// <summary>The resource that is short, in words ("at most 2 matching GPUs are free on one node (node-7)").</summary>
    public string? Shortfall { get; init; }

    public QuotaStanding? Quota { get; init; }

    /// <summary>What is wrong with the request, when <see cref="Reason"/> is <see cref="PendingReason.Invalid"/>.</summary>
    public string? Invalid { get; init; }

    /// <summary>How many waiting jobs are ahead of it in this cycle's order.</summary>
    public int AheadCount { get; init; }

    /// <summary>Up to a few of the waiting jobs just ahead of it.</summary>
    public IReadOnlyList<long> Ahead { get; init; } = [];

    /// <summary>The job whose reservation it must not delay, if that is what holds it.</summary>
    public long? BlockedByReservationOf { get; init; }

    /// <summary>The earliest start the running jobs' time limits allow (null: unknown, some run without a limit).</summary>
    public double? EstimatedStart { get; init; }

    /// <summary>For a job that may burst: its estimated wait at home against the threshold (it did not burst: see <see cref="Describe"/>).</summary>
    public BurstDecision? Burst { get; init; }

    /// <summary>The cycle's time, to say "in 20 minutes".</summary>
    public double Now { get; init; }

    /// <summary>Sentences a person understands.</summary>
    public string Describe() => ExplanationText.Render(this);
}
