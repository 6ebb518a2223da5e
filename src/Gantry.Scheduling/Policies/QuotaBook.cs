using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Policies;

/// <summary>
/// Quotas and fair share for one cycle (Kueue's ClusterQueues and cohorts; Slurm's fair-share).
/// A project may always use its guaranteed quota; above it, it borrows what its cohort has idle;
/// never beyond its limit. Work of terminating jobs no longer counts (it is leaving).
/// </summary>
internal sealed class QuotaBook
{
    private readonly Dictionary<string, ProjectAccount> _projects = new(StringComparer.Ordinal);
    private readonly ResourceVector _capacity;
    private readonly double _historyWeight;
    private readonly ResourceVector _decayedTotal;
    private double _weightTotal;

    public QuotaBook(SchedulingSnapshot snapshot, ResourceVector capacity, double historyWeight)
    {
        _capacity = capacity;
        _historyWeight = Math.Clamp(historyWeight, 0, 1);
        var cohorts = new Dictionary<string, CohortAccount>(StringComparer.Ordinal);
        foreach (var q in snapshot.Projects)
        {
            CohortAccount? cohort = null;
            if (q.Cohort is not null && !cohorts.TryGetValue(q.Cohort, out cohort))
                cohorts[q.Cohort] = cohort = new CohortAccount(q.Cohort);
            if (cohort is not null)
                cohort.Guaranteed += q.Guaranteed;
            _projects[q.Name] = new ProjectAccount(q.Name, q, cohort);
            _decayedTotal += q.DecayedUsage;
        }

        foreach (var a in snapshot.Running)
        {
            if (a.Terminating)
                continue;
            var account = Get(a.Project);
            var usage = UsageOf(a);
            Charge(account, usage);
            account.RunningUsed += usage;
        }

        foreach (var j in snapshot.Queue)
            Get(j.Project);
        _weightTotal = _projects.Values.Sum(p => p.Weight);
    }

    public IEnumerable<ProjectAccount> Projects => _projects.Values;

    public ProjectAccount Get(string project)
    {
        if (!_projects.TryGetValue(project, out var account))
        {
            account = new ProjectAccount(project, null, null);
            _projects[project] = account;
            _weightTotal += account.Weight;
        }

        return account;
    }

    public static ResourceVector UsageOf(RunningAllocation a)
    {
        var sum = ResourceVector.Zero;
        foreach (var p in a.Placements)
        {
            long gpu = 0;
            foreach (var g in p.Gpus)
                gpu += g.Milli;
            sum += new ResourceVector(gpu, p.CpuMilli, p.MemoryBytes);
        }

        return sum;
    }

    public QuotaVerdict Check(ProjectAccount project, ResourceVector request)
    {
        var quota = project.Quota;
        if (quota is null)
            return QuotaVerdict.Within;
        var after = project.Used + request;
        if (quota.Limit is { } limit && !after.FitsWithin(limit))
            return QuotaVerdict.OverLimit;
        if (after.FitsWithin(quota.Guaranteed))
            return QuotaVerdict.Within;
        if (project.Cohort is not { } cohort)
            return QuotaVerdict.NoCohort;
        return (cohort.Used + request).FitsWithin(cohort.Guaranteed) ? QuotaVerdict.Borrows : QuotaVerdict.CohortFull;
    }

    public void Charge(ProjectAccount project, ResourceVector amount)
    {
        project.Used += amount;
        if (project.Cohort is { } cohort)
            cohort.Used += amount;
    }

    public void Refund(ProjectAccount project, ResourceVector amount)
    {
        project.Used -= amount;
        if (project.Cohort is { } cohort)
            cohort.Used -= amount;
    }

    /// <summary>
    /// The fair-share key, lower goes first: the project's weighted dominant share — the largest
    /// of its GPU, CPU and memory shares of the cluster — blended with its share of the decayed
    /// history (Slurm's usage), divided by its normalised weight.
    /// </summary>
    public double FairKey(ProjectAccount project)
    {
        var current = Dominant(project.Used, _capacity);
        var history = Dominant(project.Decayed, _decayedTotal);
        var share = project.Weight / Math.Max(1e-9, _weightTotal);
        return ((1 - _historyWeight) * current + _historyWeight * history) / share;
    }

    public QuotaStanding Standing(ProjectAccount project)
    {
        var quota = project.Quota;
        return new QuotaStanding(
            project.Name,
            project.Used,
            quota?.Guaranteed ?? ResourceVector.NoLimit,
            quota?.Limit,
            project.Cohort?.Name,
            project.Cohort?.Idle);
    }

    private static double Dominant(ResourceVector used, ResourceVector total)
    {
        double share = 0;
        if (total.GpuMilli > 0)
            share = Math.Max(share, (double)used.GpuMilli / total.GpuMilli);
        if (total.CpuMilli > 0)
            share = Math.Max(share, (double)used.CpuMilli / total.CpuMilli);
        if (total.MemoryBytes > 0)
            share = Math.Max(share, (double)used.MemoryBytes / total.MemoryBytes);
        return share;
    }
}
