using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Tests.Harness;

/// <summary>
/// What every plan must satisfy, whatever the policy: each queued job decided once; placements
/// whole (a gang gets all its nodes), on existing, schedulable nodes of its pool, with GPUs of an
/// accepted model; no GPU share, CPU or byte handed out twice; quotas and limits kept except by
/// the borrowing rules; only lower-priority or borrowed preemptible work preempted.
/// </summary>
public static class PlanInvariants
{
    public static void Check(SchedulingSnapshot snapshot, Plan plan)
    {
        var violations = Violations(snapshot, plan);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    public static List<string> Violations(SchedulingSnapshot snapshot, Plan plan)
    {
        var errors = new List<string>();
        errors.AddRange(Decided(snapshot, plan));
        errors.AddRange(Gangs(snapshot, plan));
        errors.AddRange(Capacity(snapshot, plan));
        errors.AddRange(Quotas(snapshot, plan));
        errors.AddRange(Preemptions(snapshot, plan));
        errors.AddRange(WorkConserving(snapshot, plan));
        errors.AddRange(AllowedPools(snapshot, plan));
        return errors;
    }

    /// <summary>Whether a job may run in a pool without bursting: its own pool (if named) and its allowed pools.</summary>
    public static bool Home(QueuedJob job, string pool) =>
        (job.Pool is null || job.Pool == pool) && (job.Pools is null || job.Pools.Contains(pool));

    /// <summary>
    /// Residency and burst: a job is placed only in its allowed pools, or in its burst pools when the snapshot allows
    /// bursting, the admission says so, and its estimated wait at home was over the threshold (or unbounded).
    /// </summary>
    public static List<string> AllowedPools(SchedulingSnapshot snapshot, Plan plan)
    {
        var errors = new List<string>();
        var jobs = snapshot.Queue.ToDictionary(j => j.Id);
        var nodes = snapshot.Nodes.ToDictionary(n => n.Name);
        foreach (var a in plan.Admissions)
        {
            if (!jobs.TryGetValue(a.JobId, out var job))
                continue;
            foreach (var p in a.Placements)
            {
                if (!nodes.TryGetValue(p.Node, out var node))
                    continue;
                var home = Home(job, node.Pool);
                var burst = (job.Pool is null || job.Pool == node.Pool) && job.BurstPools is { } b && b.Contains(node.Pool);
                if (!home && !burst)
                    errors.Add($"job {job.Id}: placed in pool {node.Pool}, outside its allowed pools");
                if (!home && burst)
                {
                    if (snapshot.BurstAfterSeconds is not { } after || a.Burst is null)
                        errors.Add($"job {job.Id}: placed in burst pool {node.Pool} without a burst decision");
                    else if (a.Burst.HomeWaitSeconds is { } wait && wait <= after)
                        errors.Add($"job {job.Id}: burst to {node.Pool} although its wait at home ({wait} s) is within {after} s");
                }

                if (home && a.Burst is not null)
                    errors.Add($"job {job.Id}: marked as a burst but placed in its own pool {node.Pool}");
            }
        }

        return errors;
    }

    /// <summary>A job left waiting "for resources" really does not fit what this plan leaves free (on enough nodes, for a gang).</summary>
    public static List<string> WorkConserving(SchedulingSnapshot snapshot, Plan plan)
    {
        var errors = new List<string>();
        var free = snapshot.Nodes.ToDictionary(n => n.Name, n => (Gpus: n.Gpus.ToDictionary(g => g.Index, g => g.FreeMilli), Cpu: n.FreeCpuMilli, Memory: n.FreeMemoryBytes));
        foreach (var p in plan.Admissions.SelectMany(a => a.Placements))
        {
            var f = free[p.Node];
            foreach (var g in p.Gpus)
                f.Gpus[g.Index] -= g.Milli;
            free[p.Node] = (f.Gpus, f.Cpu - p.CpuMilli, f.Memory - p.MemoryBytes);
        }

        var jobs = snapshot.Queue.ToDictionary(j => j.Id);
        foreach (var pending in plan.Pending.Where(p => p.Reason == PendingReason.Resources))
        {
            var job = jobs[pending.JobId];
            var milli = job.Gpus == 0 ? 0 : job.GpuFractionMilli;
            var fitting = snapshot.Nodes.Count(n =>
            {
                var f = free[n.Name];
                return n.Schedulable && Home(job, n.Pool) && f.Cpu >= job.CpuMilli && f.Memory >= job.MemoryBytes
                    && n.Gpus.Count(g => TypeMatches(g.Model, job.GpuType) && f.Gpus[g.Index] >= Math.Max(1, milli)) >= job.Gpus;
            });
            if (fitting >= job.Nodes)
                errors.Add($"job {job.Id} waits 'for resources' but {fitting} node(s) could take it");
        }

        return errors;
    }

    /// <summary>Each queued job is admitted or pending, exactly once.</summary>
    public static List<string> Decided(SchedulingSnapshot snapshot, Plan plan)
    {
        var decided = plan.Admissions.Select(a => a.JobId).Concat(plan.Pending.Select(p => p.JobId)).ToList();
        return decided.Count != decided.Distinct().Count() || !decided.ToHashSet().SetEquals(snapshot.Queue.Select(j => j.Id))
            ? ["every queued job must be admitted or pending exactly once"]
            : [];
    }

    /// <summary>A job of N nodes gets N placements on N distinct nodes, each with all its GPUs, or nothing.</summary>
    public static List<string> Gangs(SchedulingSnapshot snapshot, Plan plan)
    {
        var errors = new List<string>();
        var jobs = snapshot.Queue.ToDictionary(j => j.Id);
        foreach (var a in plan.Admissions)
        {
            var job = jobs[a.JobId];
            if (a.Placements.Count != job.Nodes || a.Placements.Select(p => p.Node).Distinct().Count() != job.Nodes)
                errors.Add($"job {job.Id}: a gang of {job.Nodes} got {a.Placements.Count} placement(s) on distinct nodes (all or nothing)");
            foreach (var p in a.Placements)
            {
                if (p.Gpus.Count != job.Gpus || p.Gpus.Select(g => g.Index).Distinct().Count() != job.Gpus)
                    errors.Add($"job {job.Id}: wants {job.Gpus} distinct GPUs per node, got {p.Gpus.Count} on {p.Node}");
            }
        }

        return errors;
    }

    /// <summary>Placements on real, schedulable nodes of the pool, GPUs of an accepted model, and nothing handed out twice.</summary>
    public static List<string> Capacity(SchedulingSnapshot snapshot, Plan plan)
    {
        var errors = new List<string>();
        var jobs = snapshot.Queue.ToDictionary(j => j.Id);
        var nodes = snapshot.Nodes.ToDictionary(n => n.Name);
        var gpuUse = new Dictionary<(string, int), int>();
        var cpuUse = new Dictionary<string, long>();
        var memoryUse = new Dictionary<string, long>();
        foreach (var a in plan.Admissions)
        {
            if (!jobs.TryGetValue(a.JobId, out var job))
                continue;
            var milli = job.Gpus == 0 ? 0 : job.GpuFractionMilli;
            foreach (var p in a.Placements)
            {
                if (!nodes.TryGetValue(p.Node, out var node))
                {
                    errors.Add($"job {job.Id}: unknown node {p.Node}");
                    continue;
                }

                if (!node.Schedulable)
                    errors.Add($"job {job.Id}: placed on unschedulable node {p.Node}");
                if (job.Pool is not null && node.Pool != job.Pool)
                    errors.Add($"job {job.Id}: placed outside its pool {job.Pool}");
                if (job.Pools is { } allowed && !allowed.Contains(node.Pool) && job.BurstPools?.Contains(node.Pool) != true)
                    errors.Add($"job {job.Id}: placed in pool {node.Pool}, which is not among its allowed pools");
                if (p.CpuMilli != job.CpuMilli || p.MemoryBytes != job.MemoryBytes)
                    errors.Add($"job {job.Id}: CPUs or memory differ from the request on {p.Node}");
                foreach (var g in p.Gpus)
                {
                    var gpu = node.Gpus.FirstOrDefault(x => x.Index == g.Index);
                    if (gpu is null)
                    {
                        errors.Add($"job {job.Id}: GPU {g.Index} does not exist on {p.Node}");
                        continue;
                    }

                    if (g.Milli != milli)
                        errors.Add($"job {job.Id}: share {g.Milli} instead of {milli}");
                    if (!TypeMatches(gpu.Model, job.GpuType))
                        errors.Add($"job {job.Id}: GPU model {gpu.Model} does not match '{job.GpuType}'");
                    var key = (p.Node, g.Index);
                    gpuUse[key] = gpuUse.GetValueOrDefault(key) + g.Milli;
                    if (gpuUse[key] > gpu.FreeMilli)
                        errors.Add($"GPU {g.Index} on {p.Node} over-allocated: {gpuUse[key]} of {gpu.FreeMilli} free");
                }

                cpuUse[p.Node] = cpuUse.GetValueOrDefault(p.Node) + p.CpuMilli;
                memoryUse[p.Node] = memoryUse.GetValueOrDefault(p.Node) + p.MemoryBytes;
                if (cpuUse[p.Node] > node.FreeCpuMilli)
                    errors.Add($"CPUs on {p.Node} over-allocated: {cpuUse[p.Node]} of {node.FreeCpuMilli}");
                if (memoryUse[p.Node] > node.FreeMemoryBytes)
                    errors.Add($"memory on {p.Node} over-allocated");
            }
        }

        return errors;
    }

    /// <summary>Replays the admissions in plan order against the quota rules: limits, and borrowing only what the cohort has idle.</summary>
    public static List<string> Quotas(SchedulingSnapshot snapshot, Plan plan)
    {
        var errors = new List<string>();
        var jobs = snapshot.Queue.ToDictionary(j => j.Id);
        var quotas = snapshot.Projects.ToDictionary(p => p.Name);
        var used = new Dictionary<string, ResourceVector>();
        foreach (var a in snapshot.Running.Where(r => !r.Terminating))
            used[a.Project] = used.GetValueOrDefault(a.Project) + Usage(a.Placements);
        foreach (var a in plan.Admissions)
        {
            if (!jobs.TryGetValue(a.JobId, out var job) || !quotas.TryGetValue(job.Project, out var quota))
                continue;
            var after = used.GetValueOrDefault(job.Project) + Usage(a.Placements);
            used[job.Project] = after;
            if (quota.Limit is { } limit && !after.FitsWithin(limit))
                errors.Add($"job {job.Id}: project {job.Project} over its limit");
            var borrowing = !after.FitsWithin(quota.Guaranteed);
            if (borrowing != a.Borrowed)
                errors.Add($"job {job.Id}: Borrowed={a.Borrowed} but the project is {(borrowing ? "above" : "within")} its guaranteed quota");
            if (!borrowing)
                continue;
            if (quota.Cohort is null)
            {
                errors.Add($"job {job.Id}: project {job.Project} above its guaranteed quota with no cohort to borrow from");
                continue;
            }

            var members = quotas.Values.Where(q => q.Cohort == quota.Cohort).ToList();
            var cohortUsed = members.Aggregate(ResourceVector.Zero, (s, q) => s + used.GetValueOrDefault(q.Name));
            var cohortGuaranteed = members.Aggregate(ResourceVector.Zero, (s, q) => s + q.Guaranteed);
            if (!cohortUsed.FitsWithin(cohortGuaranteed))
                errors.Add($"job {job.Id}: borrowed more than cohort {quota.Cohort} has idle");
        }

        return errors;
    }

    /// <summary>Only preemptible work of lower priority, or running on borrowed quota, is preempted, once, for a job that then waits for it.</summary>
    public static List<string> Preemptions(SchedulingSnapshot snapshot, Plan plan)
    {
        var errors = new List<string>();
        var jobs = snapshot.Queue.ToDictionary(j => j.Id);
        var running = snapshot.Running.ToDictionary(r => r.JobId);
        var quotas = snapshot.Projects.ToDictionary(p => p.Name);
        var used = new Dictionary<string, ResourceVector>();
        foreach (var a in snapshot.Running.Where(r => !r.Terminating))
            used[a.Project] = used.GetValueOrDefault(a.Project) + Usage(a.Placements);
        if (plan.Preemptions.Select(p => p.JobId).Distinct().Count() != plan.Preemptions.Count)
            errors.Add("a running job is preempted twice");
        foreach (var p in plan.Preemptions)
        {
            if (!running.TryGetValue(p.JobId, out var victim) || !jobs.TryGetValue(p.ForJobId, out var job))
            {
                errors.Add($"preemption of {p.JobId} for {p.ForJobId}: unknown job");
                continue;
            }

            if (!victim.Preemptible || victim.Terminating)
                errors.Add($"job {victim.JobId} preempted but not preemptible (or already stopping)");
            // Borrowed: flagged so, or its project's running work (less the victims before it) is above its guarantee.
            var borrowed = victim.Borrowed
                || (quotas.TryGetValue(victim.Project, out var q) && !used.GetValueOrDefault(victim.Project).FitsWithin(q.Guaranteed));
            if (victim.Priority >= job.Priority && !borrowed)
                errors.Add($"job {victim.JobId} (priority {victim.Priority}, not borrowed) preempted for job {job.Id} (priority {job.Priority})");
            if (plan.Explain(job.Id)?.Reason != PendingReason.WaitingForPreemption)
                errors.Add($"job {job.Id} preempted others but does not wait for them");
            used[victim.Project] = used.GetValueOrDefault(victim.Project) - Usage(victim.Placements);
        }

        return errors;
    }

    private static ResourceVector Usage(IEnumerable<NodeAllocation> placements) =>
        placements.Aggregate(ResourceVector.Zero, (s, p) => s + new ResourceVector(p.Gpus.Sum(g => (long)g.Milli), p.CpuMilli, p.MemoryBytes));

    private static bool TypeMatches(string model, string? type)
    {
        if (type is null)
            return true;
        static string Norm(string s) => new(s.Where(c => c is not (' ' or '-' or '_')).Select(char.ToLowerInvariant).ToArray());
        return type.Split('|').Any(t => Norm(model).Contains(Norm(t), StringComparison.Ordinal));
    }
}
