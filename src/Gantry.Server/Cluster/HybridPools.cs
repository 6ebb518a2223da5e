using Gantry.Core.Api.Data;
using Gantry.Core.Jobs;
using Gantry.Core.Text;
using Gantry.Scheduling;
using Gantry.Server.Data;

namespace Gantry.Server.Cluster;

/// <summary>
/// Hybrid pools: which pools a job may use, from the pool it names, the residency of its inputs and whether it may
/// burst. On-premises pools are home; cloud pools cost extra, so a job runs there only when it names one, when it
/// allows burst (and its wait at home is long, decided by the scheduler), or when no on-premises pool may read its
/// inputs at all.
/// </summary>
internal sealed class HybridPools(PoolRegistry registry, ClusterInventory inventory, IDataResidency residency)
{
    public bool IsCloud(string pool) => registry.LocationOf(pool) == PoolLocations.Cloud;

    public PoolChoice For(string? pool, bool burst, DataClass? inputClass)
    {
        var allowed = inventory.Pools.Select(p => p.Pool)
            .Where(p => (pool is null || p == pool) && residency.MayRead(p, inputClass))
            .ToArray();
        if (pool is not null)
            return new PoolChoice(allowed, []);
        var onPrem = allowed.Where(p => !IsCloud(p)).ToArray();
        if (onPrem.Length == 0)
            return new PoolChoice(allowed, []);
        return new PoolChoice(onPrem, burst ? allowed.Where(IsCloud).ToArray() : []);
    }

    /// <summary>At submit: null when some pool the job may use could ever hold it, else why none can (for a 422).</summary>
    public string? WhyNever(ResourceRequest resources, string? pool, bool burst, DataClass? inputClass)
    {
        var choice = For(pool, burst, inputClass);
        var usable = choice.All.ToHashSet(StringComparer.Ordinal);
        var capacity = inventory.Capacity();
        if (FitCheck.WhyNever(resources, null, capacity.Where(n => usable.Contains(n.Pool)).ToArray(), inventory.GangPools()) is null)
            return null;
        var rule = inputClass is { } cls ? residency.Describe(cls) : null;
        var forbidden = rule is not null && inventory.Pools.Any(p => (pool is null || p.Pool == pool) && !residency.MayRead(p.Pool, inputClass));
        var request = Words(resources);
        if (forbidden)
        {
            var where = pool is not null ? $"pool '{pool}' ({registry.LocationOf(pool)})" : PlacesOf(choice);
            return usable.Count == 0 || pool is not null && !usable.Contains(pool)
                ? $"{rule}, and {where} may not read them"
                : $"{rule}, and no {where} can ever fit {request}";
        }

        // The job could fit in a cloud pool, but may only go there by burst.
        if (pool is null && !burst && choice.Burst.Count == 0 && inventory.Pools.Any(p => IsCloud(p.Pool) && residency.MayRead(p.Pool, inputClass))
            && FitCheck.WhyNever(resources, null, capacity.Where(n => IsCloud(n.Pool) && residency.MayRead(n.Pool, inputClass)).ToArray(), inventory.GangPools()) is null)
            return $"no on-prem pool can ever fit {request}; set burst: true (or name a cloud pool) to let it run in a cloud pool";
        return usable.Count == 0
            ? "no pool it may use has nodes"
            : $"no pool it may use ({string.Join(", ", usable.Order(StringComparer.Ordinal))}) can ever fit {request}";
    }

    private string PlacesOf(PoolChoice choice)
    {
        var locations = choice.All.Select(registry.LocationOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return locations.Length == 0 ? "pool" : string.Join(" or ", locations) + " pool";
    }

    /// <summary>"16 GPUs", "2 H100 GPUs", "8 CPUs and 64 GiB"; with the node count for a gang.</summary>
    internal static string Words(ResourceRequest r)
    {
        var what = r.Gpus > 0
            ? $"{r.Gpus} {(r.GpuType is null ? "" : r.GpuType + " ")}GPU{(r.Gpus == 1 ? "" : "s")}"
            : $"{r.Cpus:0.##} CPUs and {MemorySize.Human(r.MemoryBytes)}";
        return r.Nodes > 1 ? $"{r.Nodes} nodes of {what}" : what;
    }
}
