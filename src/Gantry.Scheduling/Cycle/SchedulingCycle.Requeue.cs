using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.Policies;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling;

internal sealed partial class SchedulingCycle
{
    private const int AheadShown = 3;
    private readonly Dictionary<ShapeKey, double?> _estimates = [];
    private readonly Dictionary<ShapeKey, string?> _shortfalls = [];
    private readonly Dictionary<ShapeKey, string> _requests = [];
    private readonly Dictionary<ProjectAccount, QuotaStanding> _standings = [];
    private int _estimatesMade;

    // Phase 5: requeue. Every job not admitted stays queued with its place and an explanation.
    private List<PendingExplanation> Requeue()
    {
        var full = _options.Explain == ExplainLevel.Full;
        var pending = new List<PendingExplanation>();
        var waitingIds = new List<long>();
        foreach (var t in _decided)
        {
            if (t.Admitted)
                continue;
            pending.Add(new PendingExplanation(t.Job.Id, t.Position, t.Reason)
            {
                Project = t.Job.Project,
                AheadCount = waitingIds.Count,
                Ahead = !full ? [] : waitingIds.Count <= AheadShown ? [.. waitingIds] : waitingIds.GetRange(waitingIds.Count - AheadShown, AheadShown),
                Request = full && t.Invalid is null ? RequestOf(t) : null,
                Shortfall = full ? ShortfallOf(t) : null,
                Quota = full ? StandingOf(t.Project) : null,
                Invalid = t.Invalid,
                BlockedByReservationOf = full || t.Reason == PendingReason.WouldDelayReservation ? t.BlockedBy : null,
                EstimatedStart = t.Start ?? (full ? EstimateFor(t) : null),
                Burst = t.Burst,
                Now = _snapshot.Now,
            });
            waitingIds.Add(t.Job.Id);
        }

        return pending;
    }

    // Many waiting jobs share a shape and a project: their words and quota standing are made once.
    private string RequestOf(JobTicket t)
    {
        if (!_requests.TryGetValue(t.Shape.Key, out var words))
            _requests[t.Shape.Key] = words = RequestWords.Of(t.Job);
        return words;
    }

    private QuotaStanding? StandingOf(ProjectAccount project)
    {
        if (project.Quota is null)
            return null;
        if (!_standings.TryGetValue(project, out var standing))
            _standings[project] = standing = _quotas.Standing(project);
        return standing;
    }

    private double? EstimateFor(JobTicket t)
    {
        switch (t.Reason)
        {
            case PendingReason.Resources or PendingReason.BehindHead or PendingReason.WouldDelayReservation or PendingReason.NotConsidered:
                if (t.Invalid is not null || t.NeverFits)
                    return null;
                var key = t.Shape.Key;
                if (_estimates.TryGetValue(key, out var known))
                    return known;
                if (_estimatesMade++ >= _options.MaxStartEstimates)
                    return null;
                var fitsNow = _placer.TryPlace(t.Shape, new PlacementRequest(double.PositiveInfinity, null)) is not null;
                var value = fitsNow ? _snapshot.Now : _estimator.Earliest(t.Shape, null)?.Start;
                _estimates[key] = value;
                return value;
            case PendingReason.QuotaLimit or PendingReason.CohortExhausted:
                return QuotaFreedAt(t);
            default:
                return null;
        }
    }

    // When the project's (or, when borrowing, the cohort's) running jobs will have freed enough quota.
    private double? QuotaFreedAt(JobTicket t)
    {
        var project = t.Project;
        var request = t.Shape.Total;
        if (_quotas.Check(project, request) is QuotaVerdict.Within or QuotaVerdict.Borrows)
            return _snapshot.Now;
        var freedProject = ResourceVector.Zero;
        var freedCohort = ResourceVector.Zero;
        foreach (var r in _timeline.Ordered())
        {
            if (r.Project == project)
                freedProject += r.Usage;
            if (project.Cohort is not null && r.Project.Cohort == project.Cohort)
                freedCohort += r.Usage;
            else if (r.Project != project)
                continue;
            var used = project.Used - freedProject + request;
            var quota = project.Quota!;
            var underLimit = quota.Limit is not { } limit || used.FitsWithin(limit);
            var fits = used.FitsWithin(quota.Guaranteed)
                || (project.Cohort is { } cohort && (cohort.Used - freedCohort + request).FitsWithin(cohort.Guaranteed));
            if (underLimit && fits)
                return r.End;
        }

        return null;
    }

    private string? ShortfallOf(JobTicket t)
    {
        if (t.Invalid is not null || t.Reason is not (PendingReason.Resources or PendingReason.Reserved or PendingReason.BehindHead or PendingReason.WaitingForPreemption or PendingReason.NeverFits))
            return null;
        var key = t.Shape.Key;
        if (_shortfalls.TryGetValue(key, out var known))
            return known;
        var words = Shortfall(t.Shape, t.Job.Pool);
        _shortfalls[key] = words;
        return words;
    }

    // In words, what is short right now: GPUs on one node, then CPUs or memory beside the GPUs, then gang width.
    private string? Shortfall(in JobShape shape, string? pool)
    {
        var where = pool is not null ? $" in pool '{pool}'"
            : shape.Pools.IsAny ? ""
            : $" in the pool{(shape.Pools.Names.Count == 1 ? "" : "s")} it may use ({string.Join(", ", shape.Pools.Names)})";
        if (shape.Pools.IsEmpty)
            return pool is not null && _cluster.PoolId(pool) == -2 ? $"there is no pool named '{pool}'" : "none of the pools it may use (its pool, residency of its inputs) has nodes";
        WorkNode? bestGpu = null;
        var bestGpuCount = 0;
        var bestShare = 0;
        WorkNode? bestCpu = null;
        var nodesWithRoom = 0;
        foreach (var n in _cluster.Nodes)
        {
            if (!Placer.Offered(n, shape))
                continue;
            var whole = 0;
            var share = 0;
            for (var p = 0; p < n.GpuCount; p++)
            {
                if (!shape.Accepts[n.Model[p]])
                    continue;
                if (n.Free[p] >= WorkNode.Whole)
                    whole++;
                share = Math.Max(share, n.Free[p]);
            }

            var gpuOk = shape.Gpus == 0 || (shape.IsShare ? share >= shape.Milli : whole >= shape.Gpus);
            if (whole > bestGpuCount || (bestGpu is null && share > bestShare))
            {
                bestGpu = n;
                bestGpuCount = whole;
            }

            bestShare = Math.Max(bestShare, share);
            if (gpuOk)
            {
                if (bestCpu is null || n.CpuFree > bestCpu.CpuFree)
                    bestCpu = n;
                if (n.CpuFree >= shape.Cpu && n.MemoryFree >= shape.Memory)
                    nodesWithRoom++;
            }
        }

        var kind = shape.GpuType is null ? "" : $"{shape.GpuType} ";
        if (shape.Gpus > 0 && bestCpu is null)
        {
            return shape.IsShare
                ? $"no {kind}GPU{where} has {shape.Milli / 1000.0:0.###} of its capacity free (the most free on one GPU is {bestShare / 1000.0:0.###})"
                : $"no node{where} has {shape.Gpus} {kind}GPUs free (the most on one node is {bestGpuCount}{(bestGpu is null ? "" : $", on {bestGpu.Name}")})";
        }

        if (bestCpu is not null && nodesWithRoom == 0)
        {
            return shape.Gpus > 0
                ? $"nodes{where} with the GPUs free lack CPUs or memory (the most free CPUs there: {bestCpu.CpuFree / 1000.0:0.##} on {bestCpu.Name}; it needs {shape.Cpu / 1000.0:0.##} and {Core.Text.MemorySize.Human(shape.Memory)})"
                : $"no node{where} has {shape.Cpu / 1000.0:0.##} CPUs and {Core.Text.MemorySize.Human(shape.Memory)} free (the most free CPUs: {bestCpu.CpuFree / 1000.0:0.##} on {bestCpu.Name})";
        }

        if (shape.Nodes > nodesWithRoom)
            return $"only {nodesWithRoom} node(s){where} can take one of its {shape.Nodes} tasks now; a gang starts all together";
        return null;
    }
}
