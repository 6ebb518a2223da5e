using Gantry.Scheduling.Placements;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Simulation;

/// <summary>
/// Workload inflation (FGD paper, §6): tasks drawn from the trace arrive one after another and never
/// leave; each is placed at once or fails. The order is the trace's tasks shuffled with the seed,
/// then reshuffled for as long as needed, until arrived GPU demand reaches the target (130% of
/// capacity). It reports the allocation ratio when arrived demand reaches 100% and at the end.
/// </summary>
internal static class InflationRun
{
    public static SimulationResult Run(IReadOnlyList<TraceNode> nodes, IReadOnlyList<TracePod> pods, SimulationOptions options, SchedulerOptions scheduler)
    {
        var cluster = WorkCluster.From(nodes.Select(TraceCluster.Snapshot).ToArray());
        var mix = TraceCluster.Mix(pods);
        var fragmentation = FragmentationModel.For(scheduler.Placement, mix, cluster.Models, cluster.Nodes.Length);
        var tieBreaks = new Random(unchecked(options.Seed * 7919 + 17));
        var placer = new Placer(cluster, PlacementStack.For(scheduler.Placement, cluster, fragmentation, tieBreaks, mix), 0, tieBreaks);
        var shapes = pods.Select(p => TraceCluster.Shape(p, cluster)).ToArray();

        var capacity = (double)cluster.TotalGpuMilli;
        var target = capacity * options.InflationTarget;
        var order = new Random(options.Seed);
        var sequence = Enumerable.Range(0, pods.Count).ToArray();
        var next = sequence.Length;
        double arrived = 0, allocated = 0;
        double? ratioAtFull = null, unallocatedAtFull = null;
        int tasks = 0, failed = 0, sinceDemand = 0;
        var request = new PlacementRequest(double.PositiveInfinity, null);
        while (arrived < target && pods.Count > 0 && sinceDemand <= pods.Count)
        {
            if (next == sequence.Length)
            {
                order.Shuffle(sequence);
                next = 0;
            }

            var i = sequence[next++];
            var pod = pods[i];
            var demand = pod.GpuDemandMilli;
            tasks++;
            arrived += demand;
            sinceDemand = demand > 0 ? 0 : sinceDemand + 1; // a trace of CPU-only tasks would never reach the target
            var choices = placer.TryPlace(shapes[i], request);
            if (choices is null)
            {
                failed++;
            }
            else
            {
                var shape = shapes[i];
                foreach (var c in choices)
                    cluster.Take(c.Node, c.Positions, shape.Milli, shape.Cpu, shape.Memory);
                allocated += demand;
            }

            if (ratioAtFull is null && arrived >= capacity)
            {
                ratioAtFull = allocated / capacity;
                unallocatedAtFull = (capacity - allocated) / 1000;
            }
        }

        return new SimulationResult(options.Policy, "inflation", options.Seed, nodes.Count, (int)(cluster.TotalGpuMilli / 1000))
        {
            Tasks = tasks,
            PodsFailed = failed,
            GpuAllocRatio = ratioAtFull ?? (capacity > 0 ? allocated / capacity : 0),
            UnallocatedGpus = unallocatedAtFull ?? (capacity - allocated) / 1000,
            GpuAllocRatioFinal = capacity > 0 ? allocated / capacity : 0,
            UnallocatedGpusFinal = (capacity - allocated) / 1000,
        };
    }
}
