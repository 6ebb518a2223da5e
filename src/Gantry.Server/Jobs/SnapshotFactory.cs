using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Scheduling.Model;
using Gantry.Server.Cluster;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Jobs;

/// <summary>
/// Takes the picture the scheduler decides on: nodes and their free GPUs (by milli-GPU), what runs,
/// the queue, and every project's quota with its decayed past usage. Times are Unix seconds.
/// </summary>
internal sealed class SnapshotFactory(ClusterInventory inventory, MetadataStore store, TimeProvider time, IOptions<JobOptions> options, HybridPools hybrid, IOptions<BurstOptions> burst)
{
    private static readonly TimeSpan UsageRefresh = TimeSpan.FromSeconds(30);
    private (DateTimeOffset At, IReadOnlyDictionary<string, ResourceVector> Usage)? _usage;

    public async Task<(SchedulingSnapshot Snapshot, IReadOnlyDictionary<long, JobRecord> Queued)> BuildAsync(
        IReadOnlyCollection<RunningJob> running, long cycleId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        List<JobRecord> queued;
        List<ProjectRecord> projects;
        IReadOnlySet<long> dataJobs;
        await using (var db = store.CreateContext())
        {
            queued = await db.Jobs.AsNoTracking()
                .Where(j => j.State == JobState.Queued && j.NotBeforeMs <= nowMs && !j.CancelRequested)
                .OrderByDescending(j => j.Priority).ThenBy(j => j.SubmittedAtMs).ThenBy(j => j.Id)
                .Take(options.Value.SchedulerWindow)
                .ToListAsync(cancellationToken);
            projects = queued.Count == 0 ? [] : await db.Projects.AsNoTracking().ToListAsync(cancellationToken);
            dataJobs = await JobDataReach.JobsWithDataAsync(db, queued, inventory, cancellationToken);
        }

        var allocations = running.Select(r => r.ToScheduler()).ToArray();
        var nodes = FreeCapacity.Subtract(Nodes(), allocations);
        var untyped = UntypedGpuFilter();
        var poolCount = inventory.Pools.Count;
        GangPools? gangs = null; // only built (from every node's capacity) when a gang waits
        var queue = queued.Select(j =>
        {
            // Residency and burst: the pools its inputs may be read in, on-premises first; cloud pools only by burst.
            // A job with datasets or outputs: only pools whose tasks see its job directory.
            // A gang goes to one pool that runs gangs (its members must share a cluster), chosen the same way.
            var resources = Resources(j);
            var choice = JobDataReach.Narrow(hybrid.For(j.Pool, j.Burst, j.InputClass), dataJobs.Contains(j.Id), inventory);
            var gang = j.Nodes > 1;
            return QueuedJob.From(j.Id, j.Project, j.User, j.Priority, j.SubmittedAtMs / 1000.0, resources, j.Pool) with
            {
                Pools = gang
                    ? (gangs ??= new GangPools(inventory)).For(resources, choice)
                    : choice.Home.Count < poolCount || choice.Burst.Count > 0 ? choice.Home : null,
                BurstPools = j.Burst && !gang ? choice.Burst : null,
                GpuType = j.GpuType ?? (j.Gpus > 0 ? untyped : null),
                TimeLimitSeconds = j.TimeLimitSeconds,
                Preemptible = j.Preemptible,
                Attempt = j.Attempt,
            };
        }).ToArray();
        var usage = queued.Count == 0 ? new Dictionary<string, ResourceVector>() : await UsageAsync(now, cancellationToken);
        var quotas = projects.Select(p => Quota(p, usage.GetValueOrDefault(p.Name))).ToArray();
        var snapshot = new SchedulingSnapshot(nowMs / 1000.0, nodes, queue)
        {
            Running = allocations,
            Projects = quotas,
            CycleId = cycleId,
            BurstAfterSeconds = burst.Value.BurstAfter?.TotalSeconds,
        };
        return (snapshot, queued.ToDictionary(j => j.Id));
    }

    private static ResourceRequest Resources(JobRecord j) =>
        new(j.Gpus, j.GpuType, j.Cpus, j.MemoryBytes, j.Nodes) { GpuMilli = j.GpuMilli };

    private IReadOnlyList<NodeSnapshot> Nodes() =>
        inventory.Nodes.Select(e =>
        {
            var groups = NvLinkGroups.From(e.Node.Topology);
            var gpus = e.Node.Accelerators
                .Select(d => new GpuState(d.Index, d.Model, d.MemoryBytes, 1000, groups.TryGetValue(d.Index, out var g) ? g : -1))
                .ToArray();
            return NodeSnapshot.Idle(e.Node.Name, e.Pool, gpus, e.Node.Cpus * 1000L, e.Node.MemoryBytes);
        }).ToArray();

    /// <summary>
    /// A job that asks for GPUs without a type must not be handed a declared non-GPU accelerator (a
    /// TPU slice): when such devices exist, it is limited to the GPU models present.
    /// </summary>
    private string? UntypedGpuFilter()
    {
        var devices = inventory.Nodes.SelectMany(e => e.Node.Accelerators).ToArray();
        if (devices.All(d => d.IsGpu))
            return null;
        var models = devices.Where(d => d.IsGpu).Select(d => d.Model).Distinct(StringComparer.Ordinal).ToArray();
        return models.Length == 0 ? "(no GPU models present)" : string.Join('|', models);
    }

    /// <remarks>A project with no quota configured is unconstrained (as if unlisted) but still brings its usage to fair share.</remarks>
    private static ProjectQuota Quota(ProjectRecord p, ResourceVector usage) =>
        Accounts.QuotaText.ViewOf(p) is null
            ? new ProjectQuota(p.Name, ResourceVector.NoLimit) { DecayedUsage = usage }
            : new(p.Name, new ResourceVector(
                p.QuotaGpus is { } qg ? Milli(qg) : ResourceVector.Unlimited,
                p.QuotaCpus is { } qc ? Milli(qc) : ResourceVector.Unlimited,
                p.QuotaMemoryBytes ?? ResourceVector.Unlimited))
            {
                Limit = p.LimitGpus is null && p.LimitCpus is null && p.LimitMemoryBytes is null
                ? null
                : new ResourceVector(
                    p.LimitGpus is { } g ? Milli(g) : ResourceVector.Unlimited,
                    p.LimitCpus is { } c ? Milli(c) : ResourceVector.Unlimited,
                    p.LimitMemoryBytes ?? ResourceVector.Unlimited),
                Cohort = p.Cohort,
                Weight = p.Weight,
                DecayedUsage = usage,
            };

    private static long Milli(double value) => (long)Math.Round(value * 1000);

    /// <summary>
    /// Each project's usage with Slurm-style decay: resources held over time, each second counting
    /// half as much every half-life ago (∫ used · 2^(−age/h) dt), from the job history. Refreshed
    /// every 30 s, not every cycle.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, ResourceVector>> UsageAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_usage is { } cached && now - cached.At < UsageRefresh)
            return cached.Usage;
        var halfLife = options.Value.FairShareHalfLife.TotalSeconds;
        var nowS = now.ToUnixTimeMilliseconds() / 1000.0;
        var horizonMs = now.ToUnixTimeMilliseconds() - (long)(halfLife * 8 * 1000);
        List<(string Project, int Gpus, int GpuMilli, double Cpus, long Memory, int Nodes, long Start, long? End)> rows;
        await using (var db = store.CreateContext())
        {
            rows = (await db.Jobs.AsNoTracking()
                    .Where(j => j.StartedAtMs != null && (j.FinishedAtMs == null || j.FinishedAtMs > horizonMs))
                    .Select(j => new { j.Project, j.Gpus, j.GpuMilli, j.Cpus, j.MemoryBytes, j.Nodes, j.StartedAtMs, j.FinishedAtMs, j.State })
                    .ToListAsync(cancellationToken))
                .Where(j => j.FinishedAtMs is not null || j.State == JobState.Running)
                .Select(j => (j.Project, j.Gpus, j.GpuMilli, j.Cpus, j.MemoryBytes, j.Nodes, j.StartedAtMs!.Value, j.FinishedAtMs))
                .ToList();
        }

        var usage = new Dictionary<string, (double Gpu, double Cpu, double Memory)>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var start = r.Start / 1000.0;
            var end = (r.End ?? now.ToUnixTimeMilliseconds()) / 1000.0;
            var weight = DecayedSeconds(nowS - end, nowS - start, halfLife);
            var u = usage.GetValueOrDefault(r.Project);
            usage[r.Project] = (
                u.Gpu + r.Gpus * r.GpuMilli * r.Nodes * weight,
                u.Cpu + r.Cpus * 1000 * r.Nodes * weight,
                u.Memory + (double)r.Memory * r.Nodes * weight);
        }

        var result = usage.ToDictionary(
            p => p.Key,
            p => new ResourceVector(Clamp(p.Value.Gpu), Clamp(p.Value.Cpu), Clamp(p.Value.Memory)),
            StringComparer.Ordinal);
        _usage = (now, result);
        return result;
    }

    /// <summary>∫ from ageEnd to ageStart of 2^(−a/h) da = h/ln2 · (2^(−ageEnd/h) − 2^(−ageStart/h)).</summary>
    internal static double DecayedSeconds(double ageEnd, double ageStart, double halfLife)
    {
        ageEnd = Math.Max(0, ageEnd);
        ageStart = Math.Max(ageEnd, ageStart);
        if (halfLife <= 0)
            return 0;
        return halfLife / Math.Log(2) * (Math.Pow(2, -ageEnd / halfLife) - Math.Pow(2, -ageStart / halfLife));
    }

    private static long Clamp(double v) => v >= ResourceVector.Unlimited ? ResourceVector.Unlimited : (long)v;
}
