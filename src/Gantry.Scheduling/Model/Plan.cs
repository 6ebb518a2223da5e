namespace Gantry.Scheduling.Model;

/// <summary>
/// The scheduler's decision for one cycle: the jobs to start and where, the running jobs to stop,
/// and for every job left waiting, why (in queue order). The server commits it; nothing here has happened yet.
/// </summary>
public sealed record Plan(
    long CycleId,
    IReadOnlyList<Admission> Admissions,
    IReadOnlyList<Preemption> Preemptions,
    IReadOnlyList<PendingExplanation> Pending,
    PlanStats Stats)
{
    /// <summary>The explanation for one waiting job, or null if it was admitted or is not in the queue.</summary>
    public PendingExplanation? Explain(long jobId)
    {
        foreach (var p in Pending)
        {
            if (p.JobId == jobId)
                return p;
        }

        return null;
    }
}
