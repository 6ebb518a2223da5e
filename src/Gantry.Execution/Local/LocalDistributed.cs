using Gantry.Core;
using Gantry.Core.Jobs;
using Gantry.Execution.Distributed;

namespace Gantry.Execution.Local;

/// <summary>
/// What the local executor does with a distributed job: one process on this machine gets the framework's environment
/// (rank 0 of a world of 1, MASTER_ADDR 127.0.0.1; Spark runs with <c>--master local[N]</c>). Several processes need
/// a cluster executor, which starts them as one <c>srun</c> step; the local executor refuses them plainly.
/// </summary>
internal static class LocalDistributed
{
    public sealed record Prepared(IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Env);

    public static Outcome<Prepared> Prepare(LaunchRequest request)
    {
        if (request.Distributed is not { } distributed)
            return new Prepared(request.Command, new Dictionary<string, string>());
        var layout = DistributedLayout.For(distributed, ["127.0.0.1"], request.JobId);
        if (distributed.Framework == DistributedRequest.Spark)
        {
            var master = DistributedEnvironment.SparkMaster(layout, request.Env, request.Cpus);
            if (!master.IsOk)
                return master.Error;
            return new Prepared(DistributedEnvironment.SparkSubmit(request.Command, master.Value, "gantry-" + request.JobId), new Dictionary<string, string>());
        }

        if (distributed.ProcessesPerNode > 1 || request.AllNodes.Count > 1)
            return GantryError.Invalid($"the local executor runs one process per job; this {distributed.Framework} job asks for {distributed.WorldSize(request.AllNodes.Count)}: submit it to a Slurm pool (pool kind slurm), which starts its processes with srun");
        return new Prepared(request.Command, DistributedEnvironment.ForProcess(layout, 0, 0));
    }
}
