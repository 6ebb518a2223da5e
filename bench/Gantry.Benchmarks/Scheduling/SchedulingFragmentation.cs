using Gantry.Scheduling.Simulation;

namespace Gantry.Benchmarks.Scheduling;

/// <summary>
/// Placement quality on the Alibaba openb trace: FGD's workload inflation on the full cluster
/// (1,523 nodes, 6,212 GPUs) for the default and gpushare40 task lists, every placement policy,
/// averaged over five seeds (the task order). Gantry is compared with FGD (target: at least as
/// much allocated) and best-fit (target: at most 0.6 × its unallocated GPUs).
/// </summary>
internal static class SchedulingFragmentation
{
    private static readonly string[] Policies = ["random", "dot-product", "best-fit", "fgd", "gantry"];
    private static readonly int[] Seeds = [0, 1, 2, 3, 4];

    public static void Run()
    {
        var dir = TraceFiles.Directory();
        if (dir is null)
        {
            Console.WriteLine("\n## Fragmentation: skipped, the openb trace is not at ../shared/data/traces/alibaba-openb");
            return;
        }

        var nodes = OpenbTrace.ParseNodes(File.OpenText(Path.Combine(dir, "openb_node_list_all_node.csv"))).Value!;
        foreach (var trace in new[] { "default", "gpushare40" })
        {
            var pods = OpenbTrace.ParsePods(File.OpenText(Path.Combine(dir, $"openb_pod_list_{trace}.csv"))).Value!;
            var rows = Policies.ToDictionary(p => p, p => Seeds.Select(s => ClusterSimulator.Run(nodes, pods, new SimulationOptions(p, SimulationMode.Inflation) { Seed = s }).Value!).ToArray());
            var fgd = rows["fgd"];
            var bestFit = rows["best-fit"];
            Console.WriteLine();
            Console.WriteLine($"## Fragmentation: inflation on openb {trace} ({nodes.Count:N0} nodes, {rows["gantry"][0].GpusTotal:N0} GPUs, arrivals to 130% of GPU capacity, mean of seeds {string.Join(",", Seeds)})");
            Console.WriteLine("| policy | gpu_alloc_ratio at 100% arrived | ÷ fgd | unallocated GPUs at 100% | unallocated GPUs at 130% | ÷ best-fit (at 130%) | pods failed |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var policy in Policies)
            {
                var r = rows[policy];
                Console.WriteLine($"| {policy} | {Mean(r, x => x.GpuAllocRatio):0.0000} | {Mean(r, x => x.GpuAllocRatio) / Mean(fgd, x => x.GpuAllocRatio):0.000} "
                    + $"| {Mean(r, x => x.UnallocatedGpus):0.0} | {Mean(r, x => x.UnallocatedGpusFinal):0.0} | {Mean(r, x => x.UnallocatedGpusFinal) / Mean(bestFit, x => x.UnallocatedGpusFinal):0.00} "
                    + $"| {r.Average(x => x.PodsFailed):0} |");
            }

            var wins = Seeds.Count(i => rows["gantry"][i].GpuAllocRatio >= fgd[i].GpuAllocRatio && rows["gantry"][i].UnallocatedGpusFinal <= fgd[i].UnallocatedGpusFinal);
            Console.WriteLine($"gantry ≥ fgd on {wins} of {Seeds.Length} seeds (both measures); target unallocated ≤ 0.60 × best-fit's.");
        }
    }

    private static double Mean(SimulationResult[] results, Func<SimulationResult, double?> value) => results.Average(r => value(r) ?? 0);
}
