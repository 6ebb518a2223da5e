using Gantry.Scheduling.Model;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// The placement chain, assembled in this one place (Nomad's <c>feasible/stack.go</c>). A job's
/// candidate nodes come from the index (<see cref="CandidateWalk"/>: pool, GPU model, enough whole
/// GPUs or a GPU with room for the share, in packing order), then pass the filters in order, then a
/// GPU picker chooses positions, then the scorer ranks what is left.
/// </summary>
internal sealed class PlacementStack
{
    public required IReadOnlyList<INodeFilter> Filters { get; init; }

    public required IGpuPicker WholeGpus { get; init; }

    public required IGpuPicker GpuShare { get; init; }

    public IGpuPicker NoGpus { get; } = new NoGpuPicker();

    public required INodeScorer Scorer { get; init; }

    /// <summary>Break exact ties at random (the baselines do, like kube-scheduler); Gantry keeps the first in packing order.</summary>
    public bool RandomTieBreak { get; init; }

    public static PlacementStack For(PlacementPolicy policy, WorkCluster cluster, FragmentationModel fragmentation, Random random, IReadOnlyList<WorkloadClass>? mix = null)
    {
        INodeFilter[] filters =
        [
            // Cheapest first, and the one that only says yes or no before those that narrow the context.
            new SchedulableFilter(),
            // Reservations narrow what a backfilled job may take (positions, CPUs) before the capacity checks read it.
            new ReservationFilter(),
            // CPUs and memory are one comparison each; most rejections of CPU-only work happen here.
            new CpuMemoryFilter(),
            // Last: walks the GPUs, honouring the positions the reservation filter excluded.
            new GpuCapacityFilter(),
        ];
        var packed = new WholeGpuPicker(nvLinkAware: true);
        return policy switch
        {
            PlacementPolicy.Random => new PlacementStack
            {
                Filters = filters,
                WholeGpus = new WholeGpuPicker(false),
                GpuShare = new BestFitSharePicker(),
                Scorer = new RandomScorer(random),
            },
            PlacementPolicy.BestFit => new PlacementStack
            {
                Filters = filters,
                WholeGpus = new WholeGpuPicker(false),
                GpuShare = new BestFitSharePicker(),
                Scorer = new BestFitScorer(cluster),
                RandomTieBreak = true,
            },
            PlacementPolicy.DotProduct => new PlacementStack
            {
                Filters = filters,
                WholeGpus = new WholeGpuPicker(false),
                GpuShare = new BestFitSharePicker(),
                Scorer = new DotProductScorer(),
                RandomTieBreak = true,
            },
            PlacementPolicy.Fgd => new PlacementStack
            {
                Filters = filters,
                WholeGpus = new WholeGpuPicker(false),
                GpuShare = new FragmentationSharePicker(fragmentation),
                Scorer = new FragmentationScorer(fragmentation),
                RandomTieBreak = true,
            },
            _ => new PlacementStack
            {
                Filters = filters,
                WholeGpus = packed,
                GpuShare = new FragmentationSharePicker(fragmentation),
                Scorer = new WeightedScorer(
                [
                    // Fragmentation growth in GPUs dominates: it is what strands capacity.
                    (new FragmentationScorer(fragmentation), 1.0),
                    // Then fill the node with the fewest whole GPUs left: few nodes per job, idle nodes kept whole
                    // for gangs. Weighed in on the openb trace (0.3 beat 0, 0.05, 0.6 and 1 on two task mixes).
                    (new PackingScorer(cluster), 0.3),
                    // Multi-GPU jobs prefer GPU sets inside one NVLink group.
                    (new NvLinkScorer(), 0.1),
                    // Jobs that take any GPU stay off models that type-constrained work needs (0 when nothing is constrained).
                    (new ModelPressureScorer(mix ?? [], cluster), 0.2),
                ]),
            },
        };
    }
}
