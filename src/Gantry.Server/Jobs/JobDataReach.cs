using Gantry.Core.Jobs;
using Gantry.Execution;
using Gantry.Execution.Kubernetes;
using Gantry.Scheduling;
using Gantry.Server.Cluster;
using Gantry.Storage;
using Gantry.Storage.Data;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Jobs;

/// <summary>
/// Keeps jobs with dataset inputs or outputs away from pools whose tasks cannot see the job directory: a Kubernetes
/// pool without <c>JobVolume</c> runs its pods on an <c>emptyDir</c>, so such a job would run without its inputs and
/// lose its outputs with the pod. A job that names such a pool is refused at submit (<see cref="WhyNever"/>); one that
/// names no pool is only ever offered the others (<see cref="Narrow"/>).
/// </summary>
internal static class JobDataReach
{
    /// <summary>
    /// At submit: null when the job has no data, or some pool it may use sees the job directory and could ever hold it;
    /// else why not, naming the setting of each pool that does not see it.
    /// </summary>
    public static string? WhyNever(JobRequest job, JobSpec spec, ClusterInventory inventory)
    {
        if (spec.Inputs is not { Count: > 0 } && spec.Outputs is not { Count: > 0 })
            return null;
        var pools = inventory.Pools.Where(p => job.Pool is null || p.Pool == job.Pool).ToArray();
        var blind = pools.Where(p => !SeesJobDirectory(p.Executor)).Select(p => p.Pool).ToArray();
        if (blind.Length == 0)
            return null;
        var seeing = pools.Select(p => p.Pool).Except(blind, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var nodes = inventory.Capacity().Where(n => seeing.Contains(n.Pool)).ToArray();
        if (seeing.Count > 0 && FitCheck.WhyNever(job.Resources, null, nodes, inventory.GangPools()) is null)
            return null;
        var names = string.Join(", ", blind.Select(p => $"'{p}'"));
        var settings = string.Join(" or ", blind.Select(p => $"Pools:{p}:Kubernetes:JobVolume"));
        var elsewhere = seeing.Count == 0 ? "" : " (no other pool it may use can ever fit it)";
        return $"this job reads datasets or writes outputs, and the pods of Kubernetes pool {names} cannot see its job directory{elsewhere}: "
            + $"set {settings} to a shared volume that holds the server's jobs directory (docs/operations.md), or submit it to another pool";
    }

    /// <summary>Whether the executor's tasks see the job directory the server prepares and reads.</summary>
    public static bool SeesJobDirectory(IExecutor executor) => executor is not KubernetesExecutor kubernetes || kubernetes.SharesJobDirectory;

    /// <summary>The queued jobs with inputs or outputs; asked only when some pool cannot see job directories.</summary>
    public static async Task<IReadOnlySet<long>> JobsWithDataAsync(GantryDbContext db, IReadOnlyList<JobRecord> queued, ClusterInventory inventory, CancellationToken cancellationToken)
    {
        if (queued.Count == 0 || inventory.Pools.All(p => SeesJobDirectory(p.Executor)))
            return new HashSet<long>();
        var ids = queued.Select(j => j.Id).ToArray();
        var withData = await db.Set<JobDataRecord>().AsNoTracking().Where(r => ids.Contains(r.JobId)).Select(r => r.JobId).Distinct().ToListAsync(cancellationToken);
        return withData.ToHashSet();
    }

    /// <summary>A job with data may use only the pools that see its job directory; any other job, all of its choice.</summary>
    public static PoolChoice Narrow(PoolChoice choice, bool hasData, ClusterInventory inventory)
    {
        if (!hasData)
            return choice;
        var blind = inventory.Pools.Where(p => !SeesJobDirectory(p.Executor)).Select(p => p.Pool).ToHashSet(StringComparer.Ordinal);
        return blind.Count == 0 ? choice : new PoolChoice([.. choice.Home.Where(p => !blind.Contains(p))], [.. choice.Burst.Where(p => !blind.Contains(p))]);
    }
}
