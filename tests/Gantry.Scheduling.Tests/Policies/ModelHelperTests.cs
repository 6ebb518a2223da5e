using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Scheduling.Model;
using Gantry.Scheduling.Tests.Harness;

namespace Gantry.Scheduling.Tests.Policies;

public sealed class ModelHelperTests
{
    [Fact]
    public void FreeCapacity_SubtractsWhatRuns_FromIdleNodes()
    {
        var idle = Sched.Node("n1").Gpus(2).Cpus(8).MemoryGi(32).Build();
        var running = Sched.Running(1).OnShare("n1", 300, 1).Build();

        var free = Assert.Single(FreeCapacity.Subtract([idle], [running]));

        Assert.Equal([1000, 700], free.Gpus.Select(g => g.FreeMilli));
        Assert.Equal(7000, free.FreeCpuMilli);
        Assert.Equal(31L << 30, free.FreeMemoryBytes);
        Assert.Equal(8000, free.CpuMilli);
    }

    [Fact]
    public void QueuedJob_FromAValidatedRequest_KeepsTheGpuShare()
    {
        var job = QueuedJob.From(7, "vision", "ada", 3, 100, new ResourceRequest(1, "H100", 2.5, 1L << 30, 1) { GpuMilli = 250 }, "gpu");

        Assert.Equal((1, 250, "H100", 2500L, 1L << 30, "gpu"), (job.Gpus, job.GpuFractionMilli, job.GpuType, job.CpuMilli, job.MemoryBytes, job.Pool));
    }

    [Fact]
    public void UsageDecay_HalvesPastUse_EveryHalfLife_AndAddsNewUse()
    {
        var after = UsageDecay.Advance(new ResourceVector(8000, 0, 0), new ResourceVector(1000, 0, 0), elapsedSeconds: 3600, halfLifeSeconds: 3600);

        Assert.Equal(4000 + 1000 * 3600, after.GpuMilli);
    }

    [Fact]
    public void ResourceVector_SaturatesAtUnlimited()
    {
        var sum = ResourceVector.NoLimit + ResourceVector.Gpus(2);

        Assert.Equal(ResourceVector.Unlimited, sum.GpuMilli);
        Assert.True(ResourceVector.Gpus(2).FitsWithin(ResourceVector.Gpus(2)));
        Assert.False(ResourceVector.Gpus(2.5).FitsWithin(ResourceVector.Gpus(2)));
    }

    [Fact]
    public void NvLinkGroups_AreTheIslandsOfTheTopologyMatrix()
    {
        string[][] links =
        [
            ["X", "NV4", "SYS", "SYS"],
            ["NV4", "X", "SYS", "SYS"],
            ["SYS", "SYS", "X", "PIX"],
            ["SYS", "SYS", "PIX", "X"],
        ];
        var topology = new GpuTopology([0, 1, 2, 3], links);

        var groups = NvLinkGroups.From(topology);

        Assert.Equal([0, 0, -1, -1], Enumerable.Range(0, 4).Select(i => groups[i]));
        Assert.Empty(NvLinkGroups.From(null));
    }
}
