using Gantry.Core.Jobs;
using Gantry.Scheduling;
using Gantry.Server.Cluster;

namespace Gantry.Server.Jobs;

/// <summary>
/// Picks the one pool a multi-node gang may be placed in: the first of the pools its residency allows (on-premises
/// first, then its burst pools) whose executor runs gangs and that has enough nodes to ever hold it. Members of one
/// gang must share a cluster (one sbatch, one Indexed Job), so the scheduler is offered that pool alone. A gang does
/// not burst on an estimated wait: it goes to a cloud pool only when no on-premises pool can ever hold it.
/// </summary>
internal sealed class GangPools(ClusterInventory inventory)
{
    private readonly IReadOnlySet<string> _capable = inventory.GangPools();
    private readonly IReadOnlyList<NodeState> _capacity = inventory.Capacity();

    /// <summary>One pool, or none (the gang then waits, its reason given by the scheduler).</summary>
    public IReadOnlyList<string> For(ResourceRequest resources, PoolChoice choice) =>
        choice.Home.Concat(choice.Burst)
            .Where(_capable.Contains)
            .Where(pool => FitCheck.WhyNever(resources, pool, _capacity, _capable) is null)
            .Take(1)
            .ToArray();
}
