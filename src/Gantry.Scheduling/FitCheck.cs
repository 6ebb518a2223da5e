using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Core.Text;

namespace Gantry.Scheduling;

/// <summary>Answers at submit time whether any pool could ever run a job, and if not, why.</summary>
public static class FitCheck
{
    /// <summary>Null when some node, empty, could hold the job; else the reason in words.</summary>
    /// <param name="nodes">Every node at full capacity (nothing allocated).</param>
    public static string? WhyNever(ResourceRequest r, string? pool, IReadOnlyList<NodeState> nodes)
    {
        var inPool = nodes.Where(n => pool is null || n.Pool == pool).ToList();
        if (inPool.Count == 0)
            return pool is null ? "there are no nodes" : $"there is no pool named '{pool}'";
        var where = pool is null ? "any pool" : $"pool '{pool}'";
        if (r.Nodes > 1)
        {
            var fitting = inPool.Count(n => Fits(r, n));
            if (fitting < r.Nodes)
                return $"it asks for {r.Nodes} nodes but {where} has {fitting} node(s) that can hold one task ({inPool.Count} in all); multi-node jobs need the Slurm or Kubernetes executor";
            return $"it asks for {r.Nodes} nodes; multi-node jobs need the Slurm or Kubernetes executor";
        }

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

    private static bool Fits(ResourceRequest r, NodeState n) =>
        n.FreeCpus + 1e-9 >= r.Cpus && n.FreeMemoryBytes >= r.MemoryBytes
        && n.FreeDevices.Count(d => GpuTypeMatch.Matches(d, r.GpuType)) >= r.Gpus;
}
