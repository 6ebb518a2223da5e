using Gantry.Core.Jobs;
using Gantry.Server.Cluster;

namespace Gantry.Server.Jobs;

/// <summary>
/// Refuses at submit a distributed job of several processes that only local pools could take: the local executor runs
/// one process per job, so it would fail at launch. Slurm (srun) and other cluster executors start several.
/// </summary>
internal static class DistributedFit
{
    public static string? WhyNever(JobRequest job, ClusterInventory inventory)
    {
        if (job.Distributed is not { } distributed || distributed.Framework == DistributedRequest.Spark)
            return null;
        var processes = distributed.WorldSize(job.Resources.Nodes);
        if (processes <= 1)
            return null;
        var pools = inventory.Pools.Where(p => job.Pool is null || p.Pool == job.Pool).ToArray();
        if (pools.Any(p => p.Executor.Kind != "local"))
            return null;
        var where = job.Pool is null ? "no pool" : $"pool '{job.Pool}'";
        return $"this {distributed.Framework} job runs {processes} processes, and {where} has an executor that starts several (the local executor runs one process per job): submit it to a Slurm pool";
    }
}
