namespace Gantry.Scheduling.Tests;

public sealed class PriorityFifoSchedulerTests
{
    private static Placement PlacementOf(SchedulePlan plan, long id) =>
        Assert.Single(plan.Placements, p => p.JobId == id);

    private static string ReasonOf(SchedulePlan plan, long id)
    {
        Assert.DoesNotContain(plan.Placements, p => p.JobId == id);
        Assert.True(plan.Waiting.TryGetValue(id, out var reason), $"job {id} has no waiting reason");
        return reason;
    }

    [Fact]
    public void Schedule_EmptyQueue_PlacesNothing()
    {
        var plan = Make.Schedule([Make.Node("n1").Gpus(8)], []);
        Assert.Empty(plan.Placements);
        Assert.Empty(plan.Waiting);
    }

    [Fact]
    public void Schedule_HigherPriority_StartsFirst_EvenWhenSubmittedLater()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").Gpus(2)],
            [Make.Job(1).Gpus(2), Make.Job(2).Gpus(2).Priority(5)]);

        Assert.Equal("n1", PlacementOf(plan, 2).Node);
        Assert.StartsWith("waiting for 2 free GPUs", ReasonOf(plan, 1));
    }

    [Fact]
    public void Schedule_SamePriority_LowerIdStartsFirst_WhateverTheQueueOrder()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").Gpus(1)],
            [Make.Job(9).Gpus(1), Make.Job(3).Gpus(1), Make.Job(5).Gpus(1)]);

        PlacementOf(plan, 3);
        ReasonOf(plan, 5);
        ReasonOf(plan, 9);
    }

    [Fact]
    public void Schedule_PlacementsComeInPriorityThenFifoOrder()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").Gpus(8)],
            [Make.Job(4), Make.Job(1), Make.Job(3).Priority(2), Make.Job(2).Priority(-1), Make.Job(5).Priority(2)]);

        Assert.Equal([3L, 5L, 1L, 4L, 2L], plan.Placements.Select(p => p.JobId));
    }

    [Fact]
    public void Schedule_NegativePriority_GoesAfterDefault()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").Gpus(1)],
            [Make.Job(1).Gpus(1).Priority(-3), Make.Job(2).Gpus(1)]);

        PlacementOf(plan, 2);
        ReasonOf(plan, 1);
    }

    [Fact]
    public void Schedule_JobThatDoesNotFit_LetsALaterSmallerJobStart()
    {
        // Documented: no reservations yet, so a big job may be passed by smaller ones behind it.
        var plan = Make.Schedule(
            [Make.Node("n1").Gpus(8)],
            [Make.Job(1).Gpus(4), Make.Job(2).Gpus(8), Make.Job(3).Gpus(2)]);

        Assert.Equal([0, 1, 2, 3], PlacementOf(plan, 1).Devices);
        Assert.Equal([4, 5], PlacementOf(plan, 3).Devices);
        Assert.Equal("waiting for 8 free GPUs on one node (most free now: 4 on n1)", ReasonOf(plan, 2));
    }

    [Fact]
    public void Schedule_TakesTheFirstNodeWhereTheWholeJobFits()
    {
        var plan = Make.Schedule(
            [Make.Node("small").Gpus(2), Make.Node("big").Gpus(8)],
            [Make.Job(1).Gpus(4), Make.Job(2).Gpus(2)]);

        Assert.Equal("big", PlacementOf(plan, 1).Node);
        Assert.Equal("small", PlacementOf(plan, 2).Node);
    }

    [Fact]
    public void Schedule_NeverSplitsAJobAcrossNodes()
    {
        var plan = Make.Schedule(
            [Make.Node("a").Gpus(2), Make.Node("b").Gpus(2)],
            [Make.Job(1).Gpus(4)]);

        Assert.Equal("waiting for 4 free GPUs on one node (most free now: 2 on a)", ReasonOf(plan, 1));
    }

    [Fact]
    public void Schedule_GivesEachJobDistinctGpus()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").Gpus(8)],
            [Make.Job(1).Gpus(3), Make.Job(2).Gpus(3), Make.Job(3).Gpus(2)]);

        Assert.Equal([0, 1, 2], PlacementOf(plan, 1).Devices);
        Assert.Equal([3, 4, 5], PlacementOf(plan, 2).Devices);
        Assert.Equal([6, 7], PlacementOf(plan, 3).Devices);
    }

    [Fact]
    public void Schedule_GivesOnlyFreeGpuIndices()
    {
        var plan = Make.Schedule([Make.Node("n1").FreeGpuIndices(1, 5, 6)], [Make.Job(1).Gpus(2)]);
        Assert.Equal([1, 5], PlacementOf(plan, 1).Devices);
    }

    [Fact]
    public void Schedule_CpuOnlyJob_GetsNoDevices() =>
        Assert.Empty(PlacementOf(Make.Schedule([Make.Node("n1").Gpus(8)], [Make.Job(1)]), 1).Devices);

    [Fact]
    public void Schedule_MultiNodeJob_IsNeverPlaced_AndSaysWhy()
    {
        var plan = Make.Schedule(
            [Make.Node("a").Gpus(8), Make.Node("b").Gpus(8)],
            [Make.Job(1).Gpus(8).Nodes(2)]);

        Assert.Empty(plan.Placements);
        Assert.Equal("needs 2 nodes at once", ReasonOf(plan, 1));
    }

    [Fact]
    public void Schedule_MultiNodeJob_TakesNoCapacityFromOthers()
    {
        var plan = Make.Schedule(
            [Make.Node("a").Gpus(8)],
            [Make.Job(1).Gpus(8).Nodes(2).Priority(9), Make.Job(2).Gpus(8)]);

        ReasonOf(plan, 1);
        Assert.Equal(Enumerable.Range(0, 8), PlacementOf(plan, 2).Devices);
    }

    [Fact]
    public void Schedule_GpuType_IsRespected()
    {
        var plan = Make.Schedule(
            [Make.Node("a100").Gpus(8, Make.A100), Make.Node("h100").Gpus(4, Make.H100)],
            [Make.Job(1).Gpus(2, "H100"), Make.Job(2).Gpus(2, "A100"), Make.Job(3).Gpus(4, "H100")]);

        Assert.Equal("h100", PlacementOf(plan, 1).Node);
        Assert.Equal("a100", PlacementOf(plan, 2).Node);
        Assert.Equal("waiting for 4 free H100s on one node (most free now: 2 on h100)", ReasonOf(plan, 3));
    }

    [Fact]
    public void Schedule_GpuType_TakesOnlyMatchingDevicesOnAMixedNode()
    {
        var plan = Make.Schedule(
            [Make.Node("mixed").Gpus(2, Make.A100).Gpus(2, Make.H100)],
            [Make.Job(1).Gpus(2, "h100")]);

        Assert.Equal([2, 3], PlacementOf(plan, 1).Devices);
    }

    [Fact]
    public void Schedule_PlainGpuJob_IsNotGivenANonGpuAccelerator()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").NonGpu(0, "TPU v5e").Gpus(1)],
            [Make.Job(1).Gpus(1), Make.Job(2).Gpus(1)]);

        Assert.Equal([1], PlacementOf(plan, 1).Devices);
        Assert.StartsWith("waiting for 1 free GPUs", ReasonOf(plan, 2));
    }

    [Fact]
    public void Schedule_NonGpuAccelerator_IsGivenWhenAskedForByType()
    {
        var plan = Make.Schedule([Make.Node("n1").NonGpu(0, "TPU v5e")], [Make.Job(1).Gpus(1, "tpu")]);
        Assert.Equal([0], PlacementOf(plan, 1).Devices);
    }

    [Fact]
    public void Schedule_Pool_IsRespected()
    {
        var plan = Make.Schedule(
            [Make.Node("a1").Pool("a").Gpus(8), Make.Node("b1").Pool("b").Gpus(8)],
            [Make.Job(1).Gpus(1).Pool("b"), Make.Job(2).Gpus(1).Pool("a"), Make.Job(3).Gpus(1)]);

        Assert.Equal("b1", PlacementOf(plan, 1).Node);
        Assert.Equal("a1", PlacementOf(plan, 2).Node);
        Assert.Equal("a1", PlacementOf(plan, 3).Node);
    }

    [Fact]
    public void Schedule_Pool_KeepsAJobWaitingEvenWhenAnotherPoolHasRoom()
    {
        var plan = Make.Schedule(
            [Make.Node("a1").Pool("a").Gpus(1), Make.Node("b1").Pool("b").Gpus(8)],
            [Make.Job(1).Gpus(1).Pool("a"), Make.Job(2).Gpus(1).Pool("a")]);

        PlacementOf(plan, 1);
        Assert.Equal("waiting for 1 free GPUs on one node (most free now: 0 on a1)", ReasonOf(plan, 2));
    }

    [Fact]
    public void Schedule_UnknownPool_SaysSo()
    {
        var plan = Make.Schedule([Make.Node("a1").Pool("a").Gpus(8)], [Make.Job(1).Pool("c")]);
        Assert.Equal("no node in the requested pool", ReasonOf(plan, 1));
    }

    [Fact]
    public void Schedule_WaitingForCpus_SaysHowManyAreFree()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").Cpus(16)],
            [Make.Job(1).Cpus(12), Make.Job(2).Cpus(8)]);

        Assert.Equal("waiting for 8 free CPUs (most free now: 4)", ReasonOf(plan, 2));
    }

    [Fact]
    public void Schedule_WaitingForMemory_SaysHowMuch()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").MemoryGi(256)],
            [Make.Job(1).MemoryGi(200), Make.Job(2).MemoryGi(100)]);

        Assert.Equal("waiting for 100Gi of free memory", ReasonOf(plan, 2));
    }

    [Fact]
    public void Schedule_WaitingBecauseNoSingleNodeHasEverything_SaysThat_NotMemory()
    {
        // GPUs are free on one node and CPUs on another; memory is plentiful on both.
        var plan = Make.Schedule(
            [Make.Node("gpu").Gpus(8).Cpus(4), Make.Node("cpu").Cpus(64)],
            [Make.Job(1).Gpus(4).Cpus(32)]);

        var reason = ReasonOf(plan, 1);
        Assert.DoesNotContain("free memory", reason);
        Assert.Equal("waiting for one node with 4 free GPUs, 32 CPUs and 1Gi of memory together", reason);
    }

    [Fact]
    public void Schedule_FractionalCpus_DoNotLoseAJobToRounding()
    {
        var plan = Make.Schedule(
            [Make.Node("n1").Cpus(0.3)],
            [Make.Job(1).Cpus(0.1), Make.Job(2).Cpus(0.1), Make.Job(3).Cpus(0.1), Make.Job(4).Cpus(0.1)]);

        Assert.Equal([1L, 2L, 3L], plan.Placements.Select(p => p.JobId));
        Assert.StartsWith("waiting for 0.1 free CPUs", ReasonOf(plan, 4));
    }

    [Fact]
    public void Schedule_NoNodesAtAll_EveryJobWaits()
    {
        var plan = Make.Schedule([], [Make.Job(1), Make.Job(2).Gpus(1)]);
        Assert.Empty(plan.Placements);
        Assert.Equal(2, plan.Waiting.Count);
    }

    [Fact]
    public void Schedule_DoesNotChangeTheSnapshot()
    {
        var snapshot = Make.Snapshot([Make.Node("n1").Gpus(4)], [Make.Job(1).Gpus(4)]);
        var before = snapshot.Nodes[0].FreeDevices.Count;

        PriorityFifoScheduler.Schedule(snapshot);

        Assert.Equal(before, snapshot.Nodes[0].FreeDevices.Count);
        Assert.Equal(64, snapshot.Nodes[0].FreeCpus);
        Assert.Single(PriorityFifoScheduler.Schedule(snapshot).Placements);
    }
}
