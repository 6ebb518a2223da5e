using Gantry.Core.Api;
using Gantry.Execution.Discovery;
using Gantry.Execution.Local;
using Gantry.Planning.Catalogs;
using Gantry.Server.Planning;

namespace Gantry.Cli.Commands.Planning;

/// <summary>What hardware there is: the server's nodes and GPUs when one answers, else this machine's own discovery.</summary>
internal static class MachineSurvey
{
    public static AssessMachine FromServer(IReadOnlyList<NodeView> nodes, IReadOnlyList<GpuView> gpus, PlanningCatalog catalog) =>
        new("server", nodes.Count, nodes.Sum(n => n.Cpus), nodes.Sum(n => n.MemoryBytes),
            [.. gpus.Select(g => new AssessGpu(g.Node, g.Index, g.Vendor, g.Model, g.MemoryBytes, g.IsGpu, Match(catalog, g.Model, g.MemoryBytes, g.IsGpu)))]);

    /// <summary>Discovers this machine as <c>gantry server</c> would: NVML or nvidia-smi, rocm-smi, CPUs and memory.</summary>
    public static async Task<AssessMachine> LocalAsync(PlanningCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var discovery = new HardwareDiscovery(new LocalExecutorOptions { DiscoverGpus = true }, logger: null, time);
        var node = await discovery.DiscoverAsync(cancellationToken);
        return new AssessMachine("local", 1, node.Cpus, node.MemoryBytes,
            [.. node.Accelerators.Select(d => new AssessGpu(node.Name, d.Index, d.Vendor, d.Model, d.MemoryBytes, d.IsGpu, Match(catalog, d.Model, d.MemoryBytes, d.IsGpu)))]);
    }

    private static string? Match(PlanningCatalog catalog, string model, long memoryBytes, bool isGpu) =>
        isGpu ? GpuModelMatch.Find(catalog, model, memoryBytes)?.Name : null;
}
