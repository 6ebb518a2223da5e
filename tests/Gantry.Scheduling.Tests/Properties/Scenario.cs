using CsCheck;
using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Properties;

/// <summary>A random cluster, its running work, quotas, a queue and scheduler options, for property tests.</summary>
public sealed record Scenario(NodeSnapshot[] Nodes, RunningAllocation[] Running, ProjectQuota[] Projects, QueuedJob[] Queue, SchedulerOptions Options)
{
    /// <summary>The burst threshold of the snapshot (seconds); null = no bursting.</summary>
    public double? BurstAfter { get; init; }

    private static readonly string[] Models = [Sched.H100, Sched.A100];
    private static readonly string[] ProjectNames = ["a", "b", "c", "d"];

    public SchedulingSnapshot Snapshot(IReadOnlyList<QueuedJob>? queue = null) =>
        new(1000, FreeCapacity.Subtract(Nodes, Running), queue ?? Queue) { Running = Running, Projects = Projects, BurstAfterSeconds = BurstAfter };

    public Plan Schedule(IReadOnlyList<QueuedJob>? queue = null) => new GantryScheduler(Options).Schedule(Snapshot(queue));

    public override string ToString() =>
        $"{Nodes.Length} nodes, {Running.Length} running, {Queue.Length} queued, {Options.Queue}/{Options.Placement} seed {Options.Seed} depth {Options.ReservationDepth}";

    // Idle nodes: 0–8 GPUs (one model, or two alternating), NVLink islands of four or none, pools a/b, one in ten cordoned.
    private static readonly Gen<NodeSnapshot> GenNode =
        Gen.Select(Gen.Int[0, 8], Gen.Int[0, 1], Gen.Int[0, 2], Gen.Int[2, 64], Gen.Int[8, 512], Gen.Int[0, 1], Gen.Int[0, 9])
            .Select((gpus, model, kind, cpus, memoryGi, pool, schedulable) =>
            {
                var devices = Enumerable.Range(0, gpus)
                    .Select(i => new GpuState(i, Models[(model + (kind == 2 ? i % 2 : 0)) % 2], 80L << 30, 1000, kind == 1 ? i / 4 : -1))
                    .ToArray();
                return NodeSnapshot.Idle("", pool == 0 ? "a" : "b", devices, cpus * 1000L, (long)memoryGi << 30) with { Schedulable = schedulable != 0 };
            });

    private static readonly Gen<(int, int, int, int, string?, int, int, int)> GenShape =
        Gen.Select(
            Gen.Int[0, 3],
            Gen.Int[0, 3],
            Gen.Frequency((4, Gen.Int[0, 2]), (2, Gen.Int[3, 8])),
            Gen.Frequency((3, Gen.Const(1000)), (1, Gen.Int[1, 9].Select(t => t * 100))),
            Gen.OneOf<string?>(null, null, null, "H100", "A100", "H100|A100"),
            Gen.Int[1, 32],
            Gen.Int[0, 64],
            Gen.Frequency((8, Gen.Const(1)), (2, Gen.Int[2, 3])));

    private static readonly Gen<(double?, bool, string?, int)> GenExtra =
        Gen.Select(Gen.OneOf<double?>(null, 100, 500, 2000, 10_000), Gen.Bool, Gen.OneOf<string?>(null, null, null, "a", "b"), Gen.Int[0, 500]);

    // Residency and burst: most jobs may use any pool; some only "a" (on-premises), some of those may burst to "b".
    private static readonly Gen<(string[]?, string[]?)> GenPools =
        Gen.OneOf<(string[]?, string[]?)>(
            Gen.Const<(string[]?, string[]?)>((null, null)),
            Gen.Const<(string[]?, string[]?)>((null, null)),
            Gen.Const<(string[]?, string[]?)>((["a"], null)),
            Gen.Const<(string[]?, string[]?)>((["a"], ["b"])),
            Gen.Const<(string[]?, string[]?)>(([], ["b"])),
            Gen.Const<(string[]?, string[]?)>((["b"], null)));

    private static readonly Gen<QueuedJob> GenJob =
        Gen.Select(GenShape, GenExtra, GenPools, (shape, extra, pools) =>
        {
            var (project, priority, gpus, milli, type, halfCpus, memoryGi, nodes) = shape;
            var (limit, preemptible, pool, submit) = extra;
            var share = milli < 1000 && gpus >= 1;
            return new QueuedJob(0, ProjectNames[project], priority, submit)
            {
                Gpus = share ? 1 : gpus,
                GpuFractionMilli = share ? milli : 1000,
                GpuType = gpus == 0 ? null : type,
                CpuMilli = halfCpus * 500L,
                MemoryBytes = (long)memoryGi << 30,
                Nodes = nodes,
                TimeLimitSeconds = limit,
                Preemptible = preemptible,
                Pool = pool,
                Pools = pools.Item1,
                BurstPools = pools.Item2,
            };
        });

    private static readonly Gen<ProjectQuota> GenQuota =
        Gen.Select(Gen.Int[0, 12], Gen.OneOf<int?>(null, 0, 2, 6), Gen.OneOf<string?>(null, "x", "x"), Gen.Int[1, 3], Gen.Int[0, 100])
            .Select((guaranteed, extra, cohort, weight, history) => Sched.Quota("", guaranteed, extra is null ? null : guaranteed + extra, cohort, weight, history * 1000));

    private static readonly Gen<SchedulerOptions> GenOptions =
        Gen.Select(Gen.Enum<QueuePolicy>(), Gen.Enum<PlacementPolicy>(), Gen.Int[0, 100], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Bool, Gen.Int[0, 5])
            .Select((queue, placement, seed, depth, scored, preemption, maxPreemptions) => new SchedulerOptions
            {
                Queue = queue,
                Placement = placement,
                Seed = seed,
                ReservationDepth = depth,
                MaxScoredNodes = scored,
                Preemption = preemption,
                MaxPreemptionsPerCycle = maxPreemptions,
                PreemptionGraceSeconds = 30,
            });

    public static readonly Gen<Scenario> Any =
        Gen.Select(GenNode.Array[1, 6], GenJob.Array[0, 24], GenQuota.Array[3], GenOptions, Gen.Int, Gen.OneOf<double?>(null, 0, 300, 3000))
            .Select((nodes, jobs, quotas, options, seed, burstAfter) =>
            {
                var named = nodes.Select((n, i) => n with { Name = $"n{i}" }).ToArray();
                var queue = jobs.Select((j, i) => j with { Id = i + 1 }).ToArray();
                var projects = quotas.Select((q, i) => q with { Name = ProjectNames[i] }).ToArray();
                return new Scenario(named, RunningOn(named, seed), projects, queue, options) { BurstAfter = burstAfter };
            });

    // Running work consistent with the nodes: whole GPUs or shares, half a CPU and 1 GiB each, some gangs over two nodes.
    private static RunningAllocation[] RunningOn(NodeSnapshot[] nodes, int seed)
    {
        var random = new Random(seed);
        var running = new List<RunningAllocation>();
        var cpuLeft = nodes.ToDictionary(n => n.Name, n => n.CpuMilli);
        var memoryLeft = nodes.ToDictionary(n => n.Name, n => n.MemoryBytes);
        var id = 10_000L;
        foreach (var node in nodes)
        {
            foreach (var gpu in node.Gpus)
            {
                var roll = random.Next(4);
                if (roll < 2 || cpuLeft[node.Name] < 500 || memoryLeft[node.Name] < 1L << 30)
                    continue;
                var milli = roll == 2 ? 1000 : random.Next(1, 10) * 100;
                cpuLeft[node.Name] -= 500;
                memoryLeft[node.Name] -= 1L << 30;
                running.Add(new RunningAllocation(
                    id++, ProjectNames[random.Next(4)], random.Next(4), random.Next(2) == 0, random.Next(1000),
                    random.Next(3) == 0 ? null : 1000 + random.Next(1, 5000),
                    [new NodeAllocation(node.Name, [new GpuShare(gpu.Index, milli)], 500, 1L << 30)],
                    Borrowed: random.Next(4) == 0,
                    Terminating: random.Next(8) == 0));
            }
        }

        return [.. running];
    }
}
