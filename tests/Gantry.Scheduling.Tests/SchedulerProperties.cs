using CsCheck;
using Gantry.Core.Hardware;
using Gantry.Core.Jobs;

namespace Gantry.Scheduling.Tests;

/// <summary>Invariants of the scheduler over random clusters and queues (CsCheck shrinks any failure).</summary>
public sealed class SchedulerProperties
{
    private const int Iterations = 500;
    private const double CpuSlack = 1e-6;

    private static readonly string[] Pools = ["a", "b"];
    private static readonly string[] Models = [Make.H100, Make.A100];

    // A node: 0–8 free GPUs drawn from indices 0–7 (some may be taken), maybe a TPU, CPUs in halves, memory in GiB.
    private static readonly Gen<NodeState> GenNode =
        Gen.Select(
            Gen.Int[0, 255],
            Gen.OneOf(Models),
            Gen.Bool,
            Gen.Int[0, 16],
            Gen.Int[0, 1],
            Gen.Int[0, 128],
            Gen.Int[0, 512])
        .Select((mask, model, mixed, halfCpus, pool, memoryGi, tpu) =>
        {
            var devices = new List<AcceleratorDevice>();
            for (var i = 0; i < 8; i++)
            {
                if ((mask & (1 << i)) != 0)
                    devices.Add(Make.Gpu(i, mixed && i % 2 == 1 ? Make.A100 : model));
            }

            if (tpu % 7 == 0)
                devices.Add(new AcceleratorDevice(8, "declared", "ACC-8", "TPU v5e", 0, IsGpu: false));
            return new NodeState("", Pools[pool], halfCpus * 4 / 2.0, (long)memoryGi << 30, devices);
        });

    private static readonly Gen<NodeState[]> GenNodes =
        GenNode.Array[1, 8].Select(nodes => nodes.Select((n, i) => n with { Name = $"n{i}" }).ToArray());

    private static readonly Gen<ResourceRequest> GenResources =
        Gen.Select(
            Gen.Int[0, 8],
            Gen.OneOf<string?>(null, null, null, "H100", "A100", "tpu"),
            Gen.Int[1, 40],
            Gen.Int[0, 64],
            Gen.Frequency((9, Gen.Const(1)), (1, Gen.Int[2, 3])))
        .Select((gpus, type, tenthCpus, memoryGi, nodes) =>
            new ResourceRequest(gpus, gpus == 0 ? null : type, tenthCpus / 10.0 * 4, memoryGi == 0 ? 1L << 20 : (long)memoryGi << 30, nodes));

    // Ids are distinct but arrive in any order, as a queue read from storage might.
    private static readonly Gen<PendingJob[]> GenQueue =
        Gen.Select(GenResources, Gen.Int[-2, 2], Gen.OneOf<string?>(null, null, "a", "b", "c"))
            .Array[1, 50]
            .SelectMany(jobs => Gen.Shuffle(Enumerable.Range(1, jobs.Length).ToArray()).Select(ids =>
                jobs.Select((j, i) => new PendingJob(ids[i] * 3L, j.Item2, j.Item1, j.Item3)).ToArray()));

    private static readonly Gen<(NodeState[] Nodes, PendingJob[] Queue)> GenCluster = Gen.Select(GenNodes, GenQueue);

    private static SchedulePlan Schedule(NodeState[] nodes, PendingJob[] queue) =>
        PriorityFifoScheduler.Schedule(new ClusterSnapshot(nodes, queue));

    private static bool Fits(ResourceRequest r, NodeState n) =>
        n.FreeCpus + 1e-9 >= r.Cpus && n.FreeMemoryBytes >= r.MemoryBytes
        && n.FreeDevices.Count(d => GpuTypeMatch.Matches(d, r.GpuType)) >= r.Gpus;

    [Fact]
    public void Schedule_NeverOverAllocatesCpusMemoryOrGpus_OnAnyNode() =>
        GenCluster.Sample((nodes, queue) =>
        {
            var plan = Schedule(nodes, queue);
            var jobs = queue.ToDictionary(j => j.Id);
            foreach (var node in nodes)
            {
                var here = plan.Placements.Where(p => p.Node == node.Name).Select(p => jobs[p.JobId].Resources).ToList();
                Assert.True(here.Sum(r => r.Cpus) <= node.FreeCpus + CpuSlack, $"{node.Name}: CPUs over-allocated");
                Assert.True(here.Sum(r => r.MemoryBytes) <= node.FreeMemoryBytes, $"{node.Name}: memory over-allocated");
                Assert.True(here.Sum(r => r.Gpus) <= node.FreeDevices.Count, $"{node.Name}: devices over-allocated");
            }
        }, iter: Iterations);

    [Fact]
    public void Schedule_NeverGivesAGpuIndexTwice_AndOnlyFreeMatchingOnes() =>
        GenCluster.Sample((nodes, queue) =>
        {
            var plan = Schedule(nodes, queue);
            var jobs = queue.ToDictionary(j => j.Id);
            foreach (var node in nodes)
            {
                var given = plan.Placements.Where(p => p.Node == node.Name).SelectMany(p => p.Devices).ToList();
                Assert.Equal(given.Count, given.Distinct().Count());
            }

            foreach (var p in plan.Placements)
            {
                var node = nodes.Single(n => n.Name == p.Node);
                foreach (var index in p.Devices)
                {
                    var device = Assert.Single(node.FreeDevices, d => d.Index == index);
                    Assert.True(GpuTypeMatch.Matches(device, jobs[p.JobId].Resources.GpuType), $"job {p.JobId} got a device of the wrong type");
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Schedule_EveryPlacedJob_GetsExactlyItsGpuCount_OnOneNodeOfItsPool() =>
        GenCluster.Sample((nodes, queue) =>
        {
            var plan = Schedule(nodes, queue);
            var jobs = queue.ToDictionary(j => j.Id);
            Assert.Equal(plan.Placements.Count, plan.Placements.Select(p => p.JobId).Distinct().Count());
            foreach (var p in plan.Placements)
            {
                var job = jobs[p.JobId];
                var node = Assert.Single(nodes, n => n.Name == p.Node);
                Assert.Equal(job.Resources.Gpus, p.Devices.Count);
                Assert.Equal(1, job.Resources.Nodes);
                Assert.True(job.Pool is null || job.Pool == node.Pool, $"job {job.Id} left its pool");
            }
        }, iter: Iterations);

    [Fact]
    public void Schedule_EveryQueuedJob_IsEitherPlacedOrHasAWaitingReason() =>
        GenCluster.Sample((nodes, queue) =>
        {
            var plan = Schedule(nodes, queue);
            var placed = plan.Placements.Select(p => p.JobId).ToHashSet();
            foreach (var job in queue)
            {
                var waiting = plan.Waiting.TryGetValue(job.Id, out var reason);
                Assert.True(placed.Contains(job.Id) != waiting, $"job {job.Id} is placed={placed.Contains(job.Id)}, waiting={waiting}");
                if (waiting)
                    Assert.False(string.IsNullOrWhiteSpace(reason));
            }

            Assert.Equal(queue.Length, placed.Count + plan.Waiting.Count);
        }, iter: Iterations);

    [Fact]
    public void Schedule_IsDeterministic_SameSnapshotSamePlan() =>
        GenCluster.Sample((nodes, queue) =>
        {
            var first = Schedule(nodes, queue);
            var second = Schedule(nodes, queue);
            AssertSamePlan(first, second);
        }, iter: Iterations);

    [Fact]
    public void Schedule_DoesNotDependOnTheOrderOfTheQueue() =>
        GenCluster.SelectMany((nodes, queue) => Gen.Shuffle(queue.ToArray()).Select(shuffled => (nodes, queue, shuffled)))
            .Sample((nodes, queue, shuffled) => AssertSamePlan(Schedule(nodes, queue), Schedule(nodes, shuffled)), iter: Iterations);

    [Fact]
    public void Schedule_LeavesNoWaitingJobThatStillFitsTheLeftoverCapacity() =>
        GenCluster.Sample((nodes, queue) =>
        {
            var plan = Schedule(nodes, queue);
            var jobs = queue.ToDictionary(j => j.Id);
            var leftover = nodes.Select(n =>
            {
                var here = plan.Placements.Where(p => p.Node == n.Name).ToList();
                var taken = here.SelectMany(p => p.Devices).ToHashSet();
                return n with
                {
                    FreeCpus = n.FreeCpus - here.Sum(p => jobs[p.JobId].Resources.Cpus),
                    FreeMemoryBytes = n.FreeMemoryBytes - here.Sum(p => jobs[p.JobId].Resources.MemoryBytes),
                    FreeDevices = n.FreeDevices.Where(d => !taken.Contains(d.Index)).ToList(),
                };
            }).ToList();

            foreach (var id in plan.Waiting.Keys)
            {
                var job = jobs[id];
                if (job.Resources.Nodes > 1)
                    continue;
                Assert.DoesNotContain(leftover, n => (job.Pool is null || n.Pool == job.Pool) && Fits(job.Resources, n with { FreeCpus = n.FreeCpus - CpuSlack }));
            }
        }, iter: Iterations);

    [Fact]
    public void WhyNever_IsNull_ExactlyWhenTheJobFitsSomeEmptyNode() =>
        Gen.Select(GenNodes, GenResources, Gen.OneOf<string?>(null, "a", "b", "c"))
            .Sample((nodes, resources, pool) =>
            {
                var fitsSomewhere = resources.Nodes == 1 && nodes.Any(n => (pool is null || n.Pool == pool) && Fits(resources, n));
                var why = FitCheck.WhyNever(resources, pool, nodes);
                Assert.True((why is null) == fitsSomewhere, $"fits={fitsSomewhere} but WhyNever said: {why ?? "null"}");
            }, iter: Iterations);

    [Fact]
    public void WhyNever_IsNull_ExactlyWhenTheJobAloneOnTheClusterIsPlaced() =>
        Gen.Select(GenNodes, GenResources, Gen.OneOf<string?>(null, "a", "b", "c"))
            .Sample((nodes, resources, pool) =>
            {
                var plan = Schedule(nodes, [new PendingJob(1, 0, resources, pool)]);
                Assert.Equal(FitCheck.WhyNever(resources, pool, nodes) is null, plan.Placements.Count == 1);
            }, iter: Iterations);

    [Fact]
    public void Generators_ProduceBothPlacedAndWaitingJobs_SoThePropertiesAreNotVacuous()
    {
        long placed = 0, waiting = 0, typed = 0, multiNode = 0;
        GenCluster.Sample((nodes, queue) =>
        {
            var plan = Schedule(nodes, queue);
            Interlocked.Add(ref placed, plan.Placements.Count);
            Interlocked.Add(ref waiting, plan.Waiting.Count);
            Interlocked.Add(ref typed, plan.Placements.Count(p => queue.Single(j => j.Id == p.JobId).Resources.GpuType is not null));
            Interlocked.Add(ref multiNode, queue.Count(j => j.Resources.Nodes > 1));
        }, iter: 200);

        Assert.True(placed > 200, $"only {placed} placements");
        Assert.True(waiting > 200, $"only {waiting} waiting");
        Assert.True(typed > 20, $"only {typed} typed placements");
        Assert.True(multiNode > 20, $"only {multiNode} multi-node jobs");
    }

    private static void AssertSamePlan(SchedulePlan expected, SchedulePlan actual)
    {
        Assert.Equal(
            expected.Placements.Select(p => (p.JobId, p.Node, string.Join(',', p.Devices))),
            actual.Placements.Select(p => (p.JobId, p.Node, string.Join(',', p.Devices))));
        Assert.Equal(
            expected.Waiting.OrderBy(w => w.Key),
            actual.Waiting.OrderBy(w => w.Key));
    }
}
