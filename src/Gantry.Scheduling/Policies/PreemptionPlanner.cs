using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Policies;

/// <summary>
/// Chooses running jobs to stop so a waiting one can start, under two rules only (Kueue's
/// within-queue priority preemption and cohort reclaim):
/// <list type="bullet">
/// <item>a job may stop preemptible jobs of lower priority in its own project, or in a project that
/// is over its guaranteed quota or has none (their work is not protected by a guarantee);</item>
/// <item>a job within its project's guaranteed quota may stop preemptible work that another project of
/// its cohort runs on borrowed quota: that project's running work is above its guarantee, counting the
/// victims chosen before (so reclaim stops once the borrower is back within its guarantee).</item>
/// </list>
/// Never anything else. Among candidates it prefers borrowed work, then lower priority, then the
/// most recently started (least work lost), and the node that needs the fewest victims.
/// </summary>
internal sealed class PreemptionPlanner(Placer placer, IReadOnlyList<Victim> victims, int maxNodesExamined)
{
    private readonly Dictionary<int, List<Victim>> _byNode = Index(victims);

    public bool HasCandidates => victims.Count > 0;

    public PreemptionChoice? Plan(long jobId, int priority, ProjectAccount project, in JobShape job, QuotaVerdict verdict, ReservationBook book, double now, double grace)
    {
        var quotaBlocked = verdict is QuotaVerdict.OverLimit or QuotaVerdict.NoCohort;
        if (verdict == QuotaVerdict.CohortFull)
            return null;
        var eligible = new List<(Victim Victim, PreemptionReason Reason)>();
        foreach (var v in victims)
        {
            if (!v.Chosen && Eligible(v, priority, project, verdict, out var reason) && (!quotaBlocked || v.Project == project))
                eligible.Add((v, reason));
        }

        if (eligible.Count == 0)
            return null;
        eligible.Sort(Preference);
        var rank = new Dictionary<Victim, int>();
        for (var i = 0; i < eligible.Count; i++)
            rank[eligible[i].Victim] = i;

        // Blocked by quota only: the job fits physically, it needs its own project's work stopped.
        var fitsNow = quotaBlocked ? placer.TryPlace(job, new PlacementRequest(double.PositiveInfinity, book)) : null;
        List<Victim> chosen;
        StartEstimate? placed;
        if (fitsNow is not null)
        {
            chosen = [];
            var (cpu, memory) = (job.Cpu, job.Memory);
            placed = new StartEstimate(0, fitsNow, fitsNow.Select(c => (c.Node.CpuFree - cpu, c.Node.MemoryFree - memory)).ToArray());
        }
        else
        {
            placed = PlaceWith(job, eligible, rank, book, out chosen);
        }

        if (placed is null)
            return null;
        if (quotaBlocked && !FreesQuota(project, job, verdict, chosen, eligible))
            return null;
        if (!StillEligibleInOrder(chosen, priority, project, verdict))
            return null;
        return new PreemptionChoice(chosen.Select(v => (v, eligible[rank[v]].Reason)).ToArray(), placed with { Start = now + grace });
    }

    private static bool Eligible(Victim v, int priority, ProjectAccount project, QuotaVerdict verdict, out PreemptionReason reason)
    {
        var owner = v.Project;
        var reclaim = verdict == QuotaVerdict.Within && project.Quota is not null && project.Cohort is not null
            && owner != project && owner.Cohort == project.Cohort && owner.RunsOnBorrowedQuota;
        if (reclaim)
        {
            reason = PreemptionReason.ReclaimBorrowed;
            return true;
        }

        reason = PreemptionReason.HigherPriority;
        return v.Allocation.Priority < priority && (owner == project || owner.Quota is null || owner.RunsOnBorrowedQuota);
    }

    // Borrowed first, then lower priority, then younger (less work lost), then id for determinism.
    private static int Preference((Victim Victim, PreemptionReason Reason) a, (Victim Victim, PreemptionReason Reason) b)
    {
        var ab = a.Victim.Allocation.Borrowed || a.Reason == PreemptionReason.ReclaimBorrowed;
        var bb = b.Victim.Allocation.Borrowed || b.Reason == PreemptionReason.ReclaimBorrowed;
        if (ab != bb)
            return ab ? -1 : 1;
        var c = a.Victim.Allocation.Priority.CompareTo(b.Victim.Allocation.Priority);
        if (c != 0)
            return c;
        c = b.Victim.Allocation.StartTime.CompareTo(a.Victim.Allocation.StartTime);
        return c != 0 ? c : a.Victim.Allocation.JobId.CompareTo(b.Victim.Allocation.JobId);
    }

    // Per node: free the eligible victims there one at a time (most preferred first) until the job fits.
    // Keeps the cheapest nodes; a gang takes the cheapest `Nodes` of them.
    private StartEstimate? PlaceWith(in JobShape job, List<(Victim Victim, PreemptionReason Reason)> eligible, Dictionary<Victim, int> rank, ReservationBook book, out List<Victim> chosen)
    {
        chosen = [];
        var request = new PlacementRequest(double.PositiveInfinity, book);
        var nodes = new HashSet<int>();
        foreach (var (v, _) in eligible)
        {
            foreach (var part in v.Release.Parts)
                nodes.Add(part.Node.Id);
        }

        var options = new List<(int Cost, int Worst, NodeChoice Choice, (long, long) Slack, List<Victim> Victims)>();
        Span<int> picked = stackalloc int[Math.Max(1, job.Gpus)];
        var examined = 0;
        foreach (var nodeId in nodes.Order())
        {
            if (examined++ >= maxNodesExamined)
                break;
            var node = placer.Cluster.Nodes[nodeId];
            if (!Placer.Offered(node, job) || !_byNode.TryGetValue(nodeId, out var here))
                continue;
            var list = here.Where(v => rank.ContainsKey(v) && !v.Chosen).OrderBy(v => rank[v]).ToList();
            var freed = new List<Victim>();
            try
            {
                var fits = placer.Feasible(node, job, request, picked);
                foreach (var v in list)
                {
                    if (fits)
                        break;
                    foreach (var part in v.Release.Parts)
                        part.Give();
                    freed.Add(v);
                    fits = placer.Feasible(node, job, request, picked);
                }

                if (fits && freed.Count > 0)
                {
                    options.Add((freed.Count, freed.Max(v => rank[v]), new NodeChoice(node, picked[..job.Gpus].ToArray()),
                        (node.CpuFree - job.Cpu, node.MemoryFree - job.Memory), [.. freed]));
                }
            }
            finally
            {
                for (var i = freed.Count - 1; i >= 0; i--)
                {
                    foreach (var part in freed[i].Release.Parts)
                        part.Take();
                }
            }
        }

        if (options.Count < job.Nodes)
            return null;
        var best = options.OrderBy(o => o.Cost).ThenBy(o => o.Worst).ThenBy(o => o.Choice.Node.Id).Take(job.Nodes).ToArray();
        chosen = best.SelectMany(o => o.Victims).Distinct().ToList();
        return new StartEstimate(0, best.Select(o => o.Choice).ToArray(), best.Select(o => o.Slack).ToArray());
    }

    // A job blocked by its own project's limit needs enough of its own project's work stopped; add more if the node choice did not.
    private static bool FreesQuota(ProjectAccount project, in JobShape job, QuotaVerdict verdict, List<Victim> chosen, List<(Victim Victim, PreemptionReason Reason)> eligible)
    {
        var quota = project.Quota!;
        var cap = verdict == QuotaVerdict.OverLimit && quota.Limit is { } limit ? limit : quota.Guaranteed;
        var used = project.Used + job.Total;
        foreach (var v in chosen)
            used -= v.Usage;
        foreach (var (v, _) in eligible)
        {
            if (used.FitsWithin(cap))
                break;
            if (chosen.Contains(v))
                continue;
            chosen.Add(v);
            used -= v.Usage;
        }

        return used.FitsWithin(cap);
    }

    // Checks the victims one after the other, taking each one's work off its project before the next:
    // a borrower stops being reclaimable once it is back within its guarantee.
    private static bool StillEligibleInOrder(List<Victim> chosen, int priority, ProjectAccount project, QuotaVerdict verdict)
    {
        var taken = new List<Victim>();
        var ok = true;
        foreach (var v in chosen)
        {
            if (!Eligible(v, priority, project, verdict, out _))
            {
                ok = false;
                break;
            }

            v.Project.RunningUsed -= v.Usage;
            taken.Add(v);
        }

        foreach (var v in taken)
            v.Project.RunningUsed += v.Usage;
        return ok;
    }

    private static Dictionary<int, List<Victim>> Index(IReadOnlyList<Victim> victims)
    {
        var map = new Dictionary<int, List<Victim>>();
        foreach (var v in victims)
        {
            foreach (var part in v.Release.Parts)
            {
                if (!map.TryGetValue(part.Node.Id, out var list))
                    map[part.Node.Id] = list = [];
                list.Add(v);
            }
        }

        return map;
    }
}
