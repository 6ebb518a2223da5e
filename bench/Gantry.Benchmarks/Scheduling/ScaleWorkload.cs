using Gantry.Scheduling.Model;

namespace Gantry.Benchmarks.Scheduling;

/// <summary>
/// The scale scenario's input: 10,000 nodes × 8 GPUs of three models (NVLink on the SXM ones),
/// a quarter of them busy with running jobs, 40 projects with quotas in 5 cohorts, and 100,000
/// queued jobs of mixed shapes (GPU shares, 1–8 GPUs, gangs of 16–64 GPUs, some with a GPU type).
/// Seeded, so every run sees the same snapshot.
/// </summary>
internal static class ScaleWorkload
{
    private static readonly string[] Models = ["NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB", "NVIDIA L40S"];

    public static SchedulingSnapshot Build(int nodes, int jobs, int seed = 42)
    {
        var random = new Random(seed);
        const double now = 1_000_000;
        var list = new NodeSnapshot[nodes];
        var running = new List<RunningAllocation>();
        var busyNodes = nodes / 4;
        for (var i = 0; i < nodes; i++)
        {
            var model = i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2;
            var busy = i < busyNodes;
            var gpus = new GpuState[8];
            for (var g = 0; g < 8; g++)
                gpus[g] = new GpuState(g, Models[model], 80L << 30, busy ? 0 : 1000, model == 2 ? -1 : 0);
            var cpu = 128_000L;
            var memory = 1L << 40;
            list[i] = new NodeSnapshot($"node-{i:D5}", "default", gpus, cpu, memory, busy ? cpu - 64_000 : cpu, busy ? memory - (512L << 30) : memory);
            if (busy)
            {
                var start = now - random.Next(0, 36_000);
                running.Add(new RunningAllocation(
                    i + 10_000_000L, $"p{random.Next(40):D2}", random.Next(2) * 10, random.NextDouble() < 0.3, start, start + 3600 * random.Next(1, 48),
                    [new NodeAllocation(list[i].Name, Enumerable.Range(0, 8).Select(g => new GpuShare(g, 1000)).ToArray(), 64_000, 512L << 30)]));
            }
        }

        var projects = Enumerable.Range(0, 40).Select(p => new ProjectQuota($"p{p:D2}", ResourceVector.Gpus(nodes * 8 / 40.0))
        {
            Limit = ResourceVector.Gpus(nodes * 8 / 20.0),
            Cohort = $"c{p % 5}",
            Weight = 1 + p % 3,
            DecayedUsage = new ResourceVector(random.Next(0, 1_000_000) * 1000L, 0, 0),
        }).ToArray();

        var queue = new QueuedJob[jobs];
        for (var j = 0; j < jobs; j++)
            queue[j] = Job(j, random, now);
        return new SchedulingSnapshot(now, list, queue) { Running = running, Projects = projects, CycleId = 1 };
    }

    private static QueuedJob Job(int id, Random random, double now)
    {
        var roll = random.NextDouble();
        var (gpus, milli, nodes) = roll switch
        {
            < 0.25 => (1, random.Next(2) == 0 ? 250 : 500, 1),
            < 0.60 => (1, 1000, 1),
            < 0.75 => (random.Next(2) == 0 ? 2 : 4, 1000, 1),
            < 0.90 => (8, 1000, 1),
            _ => (8, 1000, 2 << random.Next(3)),
        };
        var type = random.NextDouble() < 0.2 ? (random.Next(2) == 0 ? "H100" : "A100") : null;
        var priority = random.NextDouble() switch { < 0.80 => 0, < 0.95 => 10, _ => 20 };
        return new QueuedJob(id + 1, $"p{random.Next(40):D2}", priority, now - random.Next(0, 86_400))
        {
            User = $"u{random.Next(500)}",
            Gpus = gpus,
            GpuFractionMilli = milli,
            GpuType = type,
            CpuMilli = gpus * milli * 8,
            MemoryBytes = (long)gpus * milli * (64L << 20),
            Nodes = nodes,
            TimeLimitSeconds = 3600 * random.Next(1, 48),
            Preemptible = random.NextDouble() < 0.2,
        };
    }
}
