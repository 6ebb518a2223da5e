using Gantry.Core.Jobs;

namespace Gantry.Scheduling.Model;

/// <summary>
/// A job waiting to start. Resources are per node: <see cref="Nodes"/> &gt; 1 is a gang of that
/// many identical tasks, started all at once or not at all. <see cref="GpuFractionMilli"/> &lt; 1000
/// (with <see cref="Gpus"/> = 1) asks for a share of one GPU. A job requeued after preemption keeps
/// its <see cref="SubmitTime"/> (its place in line) and counts its <see cref="Attempt"/>.
/// </summary>
public sealed record QueuedJob(long Id, string Project, int Priority, double SubmitTime)
{
    public string User { get; init; } = "";

    public int Gpus { get; init; }

    /// <summary>Thousandths of each GPU; 1000 = whole GPUs.</summary>
    public int GpuFractionMilli { get; init; } = 1000;

    /// <summary>A GPU model to match ("H100"), or alternatives separated by '|'; null = any GPU.</summary>
    public string? GpuType { get; init; }

    public long CpuMilli { get; init; } = 1000;

    public long MemoryBytes { get; init; }

    public int Nodes { get; init; } = 1;

    /// <summary>Wall-clock limit per attempt; null = none (it can then only backfill around reservations).</summary>
    public double? TimeLimitSeconds { get; init; }

    public bool Preemptible { get; init; }

    public int Attempt { get; init; }

    /// <summary>Only nodes of this pool; null = any pool.</summary>
    public string? Pool { get; init; }

    /// <summary>
    /// Only nodes of these pools (together with <see cref="Pool"/>); null = any. The server puts here the pools the
    /// residency rules let the job's inputs be read in, on-premises first (its home pools).
    /// </summary>
    public IReadOnlyList<string>? Pools { get; init; }

    /// <summary>
    /// Pools the job may also use, but only when its estimated wait in <see cref="Pools"/> is longer than the
    /// snapshot's <see cref="SchedulingSnapshot.BurstAfterSeconds"/> (burst to the cloud); null or empty = none.
    /// </summary>
    public IReadOnlyList<string>? BurstPools { get; init; }

    /// <summary>A queued job from a validated <see cref="ResourceRequest"/> (CPUs become thousandths; its GPU share carries over).</summary>
    public static QueuedJob From(long id, string project, string user, int priority, double submitTime, ResourceRequest resources, string? pool = null) =>
        new(id, project, priority, submitTime)
        {
            User = user,
            Gpus = resources.Gpus,
            GpuFractionMilli = resources.Gpus == 0 ? 1000 : resources.GpuMilli,
            GpuType = resources.GpuType,
            CpuMilli = (long)Math.Round(resources.Cpus * 1000),
            MemoryBytes = resources.MemoryBytes,
            Nodes = resources.Nodes,
            Pool = pool,
        };
}
