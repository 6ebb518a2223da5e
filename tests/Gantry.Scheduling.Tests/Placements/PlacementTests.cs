using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Placements;

public sealed class PlacementTests
{
    private static NodeAllocation Only(Plan plan) => Assert.Single(Assert.Single(plan.Admissions).Placements);

    [Fact]
    public void GpuType_OnlyMatchingModels()
    {
        var plan = Sched.Cluster(Sched.Node("a100").Gpus(8, Sched.A100), Sched.Node("h100").Gpus(8, Sched.H100))
            .Queue(Sched.Job(1).Gpus(2, "H100"))
            .Schedule();

        Assert.Equal("h100", Only(plan).Node);
    }

    [Fact]
    public void GpuType_Alternatives_AreAccepted()
    {
        var plan = Sched.Cluster(Sched.Node("l40s").Gpus(8, Sched.L40S))
            .Queue(Sched.Job(1).Gpus(1, "H100|L40S"))
            .Schedule();

        Assert.Equal("l40s", Only(plan).Node);
    }

    [Theory]
    [InlineData(PlacementPolicy.Gantry)]
    [InlineData(PlacementPolicy.BestFit)]
    public void WholeGpus_ArePacked_OntoTheFullerNode(PlacementPolicy policy)
    {
        var plan = Sched.Cluster(Sched.Node("idle").Gpus(8), Sched.Node("busy").Gpus(8))
            .Running(Sched.Running(100).On("busy", 0, 1, 2, 3, 4, 5))
            .Queue(Sched.Job(1).Gpus(2))
            .Schedule(new SchedulerOptions { Placement = policy });

        Assert.Equal("busy", Only(plan).Node);
    }

    [Fact]
    public void MultiGpuJob_TakesGpusInsideOneNvLinkGroup_TheFullestThatHoldsIt()
    {
        var cluster = Sched.Cluster(Sched.Node("n1").Gpus(8).NvLink(0, 0, 0, 0, 1, 1, 1, 1))
            .Running(Sched.Running(100).On("n1", 0, 1));

        Assert.Equal([2, 3], Only(cluster.Queue(Sched.Job(1).Gpus(2)).Schedule()).DeviceIndices);
    }

    [Fact]
    public void MultiGpuJob_TooBigForTheFullerGroup_GoesToTheWholeGroup()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(8).NvLink(0, 0, 0, 0, 1, 1, 1, 1))
            .Running(Sched.Running(100).On("n1", 0, 1))
            .Queue(Sched.Job(1).Gpus(4))
            .Schedule();

        Assert.Equal([4, 5, 6, 7], Only(plan).DeviceIndices);
    }

    [Fact]
    public void NvLinkLocalNode_IsPreferred_ForAMultiGpuJob()
    {
        // Both nodes have 4 GPUs free; on "split" they straddle two NVLink islands.
        var plan = Sched.Cluster(
                Sched.Node("split").Gpus(8).NvLink(0, 0, 0, 0, 1, 1, 1, 1),
                Sched.Node("local").Gpus(8).NvLink(0, 0, 0, 0, 1, 1, 1, 1))
            .Running(Sched.Running(100).On("split", 0, 1, 4, 5), Sched.Running(101).On("local", 0, 1, 2, 3))
            .Queue(Sched.Job(1).Gpus(4))
            .Schedule();

        Assert.Equal("local", Only(plan).Node);
    }

    [Fact]
    public void Share_GoesOnThePartlyUsedGpu_KeepingWholeGpusWhole()
    {
        var cluster = Sched.Cluster(Sched.Node("n1").Gpus(2))
            .Running(Sched.Running(100).OnShare("n1", 500, 0))
            .Queue(Sched.Job(1).Share(500));
        var snapshot = cluster.Snapshot() with { WorkloadMix = [new WorkloadClass(1, 1000, 1000, 0, null, 1), new WorkloadClass(1, 500, 1000, 0, null, 1)] };

        var plan = new GantryScheduler().Schedule(snapshot);

        PlanInvariants.Check(snapshot, plan);
        var g = Assert.Single(Only(plan).Gpus);
        Assert.Equal(new GpuShare(0, 500), g);
    }

    [Theory]
    [InlineData(PlacementPolicy.Gantry)]
    [InlineData(PlacementPolicy.Fgd)]
    public void Share_GoesToTheNodeWhereFragmentationGrowsLeast(PlacementPolicy policy)
    {
        var cluster = Sched.Cluster(Sched.Node("whole").Gpus(2), Sched.Node("shared").Gpus(2))
            .Running(Sched.Running(100).OnShare("shared", 500, 0), Sched.Running(101).On("shared", 1))
            .Queue(Sched.Job(1).Share(500));
        var snapshot = cluster.Snapshot() with { WorkloadMix = [new WorkloadClass(1, 1000, 1000, 0, null, 3), new WorkloadClass(1, 500, 1000, 0, null, 1)] };

        var plan = new GantryScheduler(new SchedulerOptions { Placement = policy }).Schedule(snapshot);

        Assert.Equal("shared", Only(plan).Node);
    }

    [Fact]
    public void Share_NeverExceedsWhatIsFreeOnAGpu()
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(1))
            .Running(Sched.Running(100).OnShare("n1", 700, 0))
            .Queue(Sched.Job(1).Share(500), Sched.Job(2).Share(300))
            .Schedule();

        Assert.Equal([2L], plan.Admissions.Select(a => a.JobId));
        Assert.Contains("no GPU has 0.5 of its capacity free", plan.Explain(1)!.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void CpuOnlyJob_GoesToANodeWithoutGpus_First()
    {
        var plan = Sched.Cluster(Sched.Node("gpu").Gpus(8), Sched.Node("cpu"))
            .Queue(Sched.Job(1).Cpus(4))
            .Schedule();

        Assert.Equal("cpu", Only(plan).Node);
    }

    [Fact]
    public void UnschedulableNode_TakesNothing()
    {
        var plan = Sched.Cluster(Sched.Node("cordoned").Gpus(8).Unschedulable())
            .Queue(Sched.Job(1).Gpus(1))
            .Schedule();

        Assert.Empty(plan.Admissions);
        Assert.Equal(PendingReason.NeverFits, plan.Explain(1)!.Reason);
    }

    [Fact]
    public void Pool_IsRespected()
    {
        var plan = Sched.Cluster(Sched.Node("a1").Gpus(8).Pool("a"), Sched.Node("b1").Gpus(8).Pool("b"))
            .Queue(Sched.Job(1).Gpus(1).Pool("b"))
            .Schedule();

        Assert.Equal("b1", Only(plan).Node);
    }

    [Fact]
    public void CpusAndMemory_AreChecked_BesideTheGpus()
    {
        var plan = Sched.Cluster(Sched.Node("small").Gpus(8).Cpus(4), Sched.Node("big").Gpus(1).Cpus(64))
            .Queue(Sched.Job(1).Gpus(1).Cpus(16))
            .Schedule();

        Assert.Equal("big", Only(plan).Node);
    }

    [Theory]
    [InlineData(PlacementPolicy.Random)]
    [InlineData(PlacementPolicy.DotProduct)]
    [InlineData(PlacementPolicy.Fgd)]
    [InlineData(PlacementPolicy.BestFit)]
    [InlineData(PlacementPolicy.Gantry)]
    public void EveryPolicy_PlacesWhatFits(PlacementPolicy policy)
    {
        var plan = Sched.Cluster(Sched.Node("n1").Gpus(4), Sched.Node("n2").Gpus(4))
            .Queue(Sched.Job(1).Gpus(4), Sched.Job(2).Gpus(2), Sched.Job(3).Share(250), Sched.Job(4).Cpus(2))
            .Schedule(new SchedulerOptions { Placement = policy });

        Assert.Equal(4, plan.Admissions.Count);
    }
}
