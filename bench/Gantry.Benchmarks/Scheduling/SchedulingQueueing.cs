using Gantry.Scheduling.Simulation;

namespace Gantry.Benchmarks.Scheduling;

/// <summary>
/// Queueing on the Alibaba openb default trace replayed with its creation and deletion times:
/// fifo, backfill and gantry, on the cluster scaled to 1/8 of its nodes (the issue's setting) and
/// to 1/128 (where the trace's peak demand of about 65 GPUs exceeds the cluster and a queue forms).
/// Target: gantry's average wait ≤ 1/3 of fifo's, and the longest wait stated.
/// </summary>
internal static class SchedulingQueueing
{
    private static readonly string[] Policies = ["fifo", "backfill", "gantry"];

    public static void Run()
    {
        var dir = TraceFiles.Directory();
        if (dir is null)
        {
            Console.WriteLine("\n## Queueing: skipped, the openb trace is not at ../shared/data/traces/alibaba-openb");
            return;
        }

        var nodes = OpenbTrace.ParseNodes(File.OpenText(Path.Combine(dir, "openb_node_list_all_node.csv"))).Value!;
        var pods = OpenbTrace.ParsePods(File.OpenText(Path.Combine(dir, "openb_pod_list_default.csv"))).Value!;
        foreach (var (scale, label) in new[] { (1.0 / 8, "1/8"), (1.0 / 128, "1/128") })
        {
            var rows = Policies.ToDictionary(p => p, p => ClusterSimulator.Run(nodes, pods, new SimulationOptions(p, SimulationMode.Replay) { ScaleNodes = scale }).Value!);
            var fifo = rows["fifo"];
            Console.WriteLine();
            Console.WriteLine($"## Queueing: replay of openb default, {label} of the nodes ({fifo.Nodes} nodes, {fifo.GpusTotal} GPUs, {fifo.Tasks:N0} tasks, time limit = run time)");
            Console.WriteLine("| policy | avg wait s | ÷ fifo | p95 wait s | longest wait s | avg JCT s | GPU utilisation | cycles |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var policy in Policies)
            {
                var r = rows[policy];
                var ratio = fifo.AvgWaitS > 0 ? $"{r.AvgWaitS / fifo.AvgWaitS:0.0000}" : "n/a (no waits)";
                Console.WriteLine($"| {policy} | {r.AvgWaitS:0} | {ratio} | {r.P95WaitS:0} | {r.MaxWaitS:0}{(r.LongestWaitTask is null ? "" : $" ({r.LongestWaitTask})")} | {r.AvgJctS:0} | {r.GpuUtilization:0.000} | {r.Cycles} |");
            }
        }
    }
}
