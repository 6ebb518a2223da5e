using System.Diagnostics;
using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Scheduling;
using Gantry.Scheduling.Model;

namespace Gantry.Benchmarks.Scheduling;

/// <summary>
/// Scheduler scale: one cycle over 10,000 nodes × 8 GPUs and 100,000 queued jobs on one core —
/// decisions per second, p99 time per decision, memory. Baseline: the first scheduler
/// (<see cref="PriorityFifoScheduler"/>) on the same cluster with a slice of the queue (it scans
/// every node per job), and the published anchors for kube-scheduler and Slurm.
/// </summary>
internal static class SchedulingScale
{
    private const int Nodes = 10_000;
    private const int Jobs = 100_000;
    private const int BaselineJobs = 2_000;

    public static void Run()
    {
        var affinity = PinToOneCore();
        try
        {
            Measure();
        }
        finally
        {
            if (affinity is { } previous)
                Process.GetCurrentProcess().ProcessorAffinity = previous;
        }
    }

    private static void Measure()
    {
        var snapshot = ScaleWorkload.Build(Nodes, Jobs);
        var options = new SchedulerOptions { Timing = TimeProvider.System, RecordDecisionTimes = true };
        var scheduler = new GantryScheduler(options);

        // Warm-up on a smaller cluster: JIT and tiered compilation, not measured.
        scheduler.Schedule(ScaleWorkload.Build(1_000, 10_000, seed: 7));
        scheduler.Schedule(ScaleWorkload.Build(1_000, 10_000, seed: 8));

        var runs = new List<(double Seconds, double P50, double P99, double Max, long Allocated, Plan Plan, double PlaceRate, double PlaceP99)>();
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var plan = scheduler.Schedule(snapshot);
            var seconds = watch.Elapsed.TotalSeconds;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var decisions = plan.Stats.DecisionSeconds.Order().ToArray();
            // Placements alone: the decisions that admitted a job (walked the index, filtered, scored, picked GPUs).
            var placements = plan.Admissions.Select(a => plan.Stats.DecisionSeconds[a.Position - 1]).Order().ToArray();
            runs.Add((seconds, Percentile(decisions, 0.50), Percentile(decisions, 0.99), decisions[^1], allocated, plan,
                placements.Length / placements.Sum(), Percentile(placements, 0.99)));
        }

        var median = runs.OrderBy(r => r.Seconds).ElementAt(1);
        var stats = median.Plan.Stats;
        var rate = stats.Considered / median.Seconds;
        var admitRate = stats.Considered / stats.PhaseSeconds["4-admit"];
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);

        var baseline = Baseline(snapshot);

        Console.WriteLine();
        Console.WriteLine($"## Scheduler scale: {Nodes:N0} nodes × 8 GPUs, {Jobs:N0} queued jobs, one cycle on one core (median of 3)");
        Console.WriteLine("| scheduler | jobs decided | decisions/s | p50 per decision | p99 per decision | target | ratio to target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| Gantry (whole cycle: quotas, fair share, backfill, preemption, FGD placement, explanations) | {stats.Considered:N0} | {rate:N0} | {median.P50 * 1e6:0.00} µs | {median.P99 * 1e6:0.0} µs | 20,000/s, p99 < 1 ms | {rate / 20_000:0.00} |");
        Console.WriteLine($"| Gantry, admit phase only | {stats.Considered:N0} | {admitRate:N0} | | | 20,000/s | {admitRate / 20_000:0.00} |");
        Console.WriteLine($"| Gantry, admitting decisions only (placed jobs) | {stats.Admitted:N0} | {median.PlaceRate:N0} | | {median.PlaceP99 * 1e6:0.0} µs | 20,000/s, p99 < 1 ms | {median.PlaceRate / 20_000:0.00} |");
        Console.WriteLine($"| baseline: PriorityFifoScheduler (first-fit scan, first {BaselineJobs:N0} jobs) | {BaselineJobs:N0} | {baseline:N0} | | | | Gantry ÷ baseline = {rate / baseline:0.0} |");
        Console.WriteLine($"| anchor: kube-scheduler, 5,000 nodes (published) | | 100–300 | | | | Gantry ÷ 300 = {rate / 300:0} |");
        Console.WriteLine($"| anchor: Slurm, validated (published) | | 500 | | | | Gantry ÷ 500 = {rate / 500:0} |");
        Console.WriteLine();
        Console.WriteLine($"Cycle: {median.Seconds:0.000} s in all; phases " + string.Join(", ", stats.PhaseSeconds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value * 1000:0} ms"))
            + $"; slowest decision {median.Max * 1000:0.0} ms.");
        Console.WriteLine($"Outcome: {stats.Admitted:N0} admitted, {stats.Pending:N0} pending, {stats.Preempted:N0} preemptions, {stats.Reservations:N0} reservation(s).");
        Console.WriteLine($"Memory: {median.Allocated / (1024.0 * 1024):N0} MiB allocated during the cycle; peak working set of the process {peak:N0} MiB (snapshot included).");
    }

    private static double Baseline(SchedulingSnapshot snapshot)
    {
        var nodes = snapshot.Nodes.Select(n => new NodeState(n.Name, n.Pool, n.FreeCpuMilli / 1000.0, n.FreeMemoryBytes,
            n.Gpus.Where(g => g.FreeMilli >= 1000).Select(g => new AcceleratorDevice(g.Index, "nvidia", $"GPU-{n.Name}-{g.Index}", g.Model, g.MemoryBytes)).ToArray())).ToArray();
        var jobs = snapshot.Queue.Take(BaselineJobs)
            .Select(j => new PendingJob(j.Id, j.Priority, new ResourceRequest(j.Gpus, j.GpuType, j.CpuMilli / 1000.0, j.MemoryBytes, j.Nodes), j.Pool)).ToArray();
        PriorityFifoScheduler.Schedule(new ClusterSnapshot(nodes, jobs.Take(100).ToArray()));
        var watch = Stopwatch.StartNew();
        PriorityFifoScheduler.Schedule(new ClusterSnapshot(nodes, jobs));
        return jobs.Length / watch.Elapsed.TotalSeconds;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    // "On one core": the cycle is single-threaded; pinning keeps the GC and the JIT on the same core too.
    private static nint? PinToOneCore()
    {
        try
        {
            var process = Process.GetCurrentProcess();
            var previous = process.ProcessorAffinity;
            process.ProcessorAffinity = 1;
            return previous;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("(could not pin to one core; measuring unpinned)");
            return null;
        }
    }
}
