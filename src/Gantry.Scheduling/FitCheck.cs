using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Core.Text;

namespace Gantry.Scheduling;

/// <summary>Answers at submit time whether any pool could ever run a job, and if not, why.</summary>
public static class FitCheck
{
    /// <summary>Null when some node, empty, could hold the job; else the reason in words.</summary>
    /// <param name="nodes">Every node at full capacity (nothing allocated).</param>
    /// <param name="gangPools">
    /// The pools whose executor starts one task on each of several nodes (Slurm, Kubernetes); a gang must fit within one
    /// of them. Null: none does.
    /// </param>
    public static string? WhyNever(ResourceRequest r, string? pool, IReadOnlyList<NodeState> nodes, IReadOnlySet<string>? gangPools = null)
    {
        var inPool = nodes.Where(n => pool is null || n.Pool == pool).ToList();
        if (inPool.Count == 0)
            return pool is null ? "there are no nodes" : $"there is no pool named '{pool}'";
        var where = pool is null ? "any pool" : $"pool '{pool}'";
        if (r.Nodes > 1)
            return WhyNoGang(r, pool, inPool, gangPools);

        if (inPool.Any(n => Fits(r, n)))
            return null;
        var maxGpus = inPool.Max(n => n.FreeDevices.Count(d => GpuTypeMatch.Matches(d, r.GpuType)));
        if (r.Gpus > maxGpus)
        {
            var kind = r.GpuType is null ? "GPUs" : $"'{r.GpuType}' GPUs";
            return maxGpus == 0
                ? $"it asks for {r.Gpus} {kind} but no node in {where} has any"
                : $"it asks for {r.Gpus} {kind} but the largest node in {where} has {maxGpus}";
        }

        var maxCpus = inPool.Max(n => n.FreeCpus);
        if (r.Cpus > maxCpus)
            return $"it asks for {r.Cpus} CPUs but the largest node in {where} has {maxCpus}";
        var maxMemory = inPool.Max(n => n.FreeMemoryBytes);
        if (r.MemoryBytes > maxMemory)
            return $"it asks for {MemorySize.Human(r.MemoryBytes)} of memory but the largest node in {where} has {MemorySize.Human(maxMemory)}";
        return $"no single node in {where} has {r.Gpus} GPUs, {r.Cpus} CPUs and {MemorySize.Human(r.MemoryBytes)} together";
    }

    /// <summary>A gang fits when one pool that runs gangs has <c>Nodes</c> nodes that can each hold one member.</summary>
    private static string? WhyNoGang(ResourceRequest r, string? pool, List<NodeState> inPool, IReadOnlySet<string>? gangPools)
    {
        var capable = inPool.Where(n => gangPools?.Contains(n.Pool) == true).ToList();
        if (capable.Count == 0)
            return $"it asks for {r.Nodes} nodes, and multi-node jobs need a Slurm or Kubernetes pool: {(pool is null ? "every pool here is local" : $"pool '{pool}' is local")}";
        var best = capable.GroupBy(n => n.Pool, StringComparer.Ordinal)
            .Select(g => (Pool: g.Key, Fitting: g.Count(n => Fits(r, n)), All: g.Count()))
            .OrderByDescending(p => p.Fitting).ThenBy(p => p.Pool, StringComparer.Ordinal)
            .First();
        if (best.Fitting >= r.Nodes)
            return null;
        var within = capable.Select(n => n.Pool).Distinct(StringComparer.Ordinal).Count() > 1 ? " (a gang runs within one pool)" : "";
        return $"it asks for {r.Nodes} nodes but pool '{best.Pool}' has {best.Fitting} node(s) that can hold one task ({best.All} in all){within}";
    }

    private static bool Fits(ResourceRequest r, NodeState n) =>
        n.FreeCpus + 1e-9 >= r.Cpus && n.FreeMemoryBytes >= r.MemoryBytes
        && n.FreeDevices.Count(d => GpuTypeMatch.Matches(d, r.GpuType)) >= r.Gpus;
}
