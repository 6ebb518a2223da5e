namespace Gantry.Scheduling.Tests;

public sealed class FitCheckTests
{
    private static string? WhyNever(JobBuilder job, string? pool, params NodeBuilder[] nodes) =>
        FitCheck.WhyNever(job.Resources(), pool, nodes.Select(n => n.Build()).ToList());

    [Fact]
    public void WhyNever_IsNull_WhenSomeNodeCouldHoldTheJob() =>
        Assert.Null(WhyNever(Make.Job(1).Gpus(8).Cpus(64).MemoryGi(512), null, Make.Node("a").Gpus(4), Make.Node("b").Gpus(8)));

    [Fact]
    public void WhyNever_NoNodes() =>
        Assert.Equal("there are no nodes", WhyNever(Make.Job(1), null));

    [Fact]
    public void WhyNever_UnknownPool() =>
        Assert.Equal("there is no pool named 'x'", WhyNever(Make.Job(1), "x", Make.Node("a").Pool("y")));

    [Fact]
    public void WhyNever_TooManyGpus_NamesTheLargestNode() =>
        Assert.Equal("it asks for 16 GPUs but the largest node in any pool has 8",
            WhyNever(Make.Job(1).Gpus(16), null, Make.Node("a").Gpus(4), Make.Node("b").Gpus(8)));

    [Fact]
    public void WhyNever_NoGpusAnywhere() =>
        Assert.Equal("it asks for 1 GPUs but no node in any pool has any", WhyNever(Make.Job(1).Gpus(1), null, Make.Node("a")));

    [Fact]
    public void WhyNever_GpuTypeNowhere() =>
        Assert.Equal("it asks for 2 'H100' GPUs but no node in any pool has any",
            WhyNever(Make.Job(1).Gpus(2, "H100"), null, Make.Node("a").Gpus(8, Make.A100)));

    [Fact]
    public void WhyNever_GpuTypeTooFew() =>
        Assert.Equal("it asks for 4 'H100' GPUs but the largest node in any pool has 2",
            WhyNever(Make.Job(1).Gpus(4, "H100"), null, Make.Node("a").Gpus(8, Make.A100).Gpus(2, Make.H100)));

    [Fact]
    public void WhyNever_TooManyCpus() =>
        Assert.Equal("it asks for 128 CPUs but the largest node in any pool has 64",
            WhyNever(Make.Job(1).Cpus(128), null, Make.Node("a").Cpus(32), Make.Node("b").Cpus(64)));

    [Fact]
    public void WhyNever_TooMuchMemory() =>
        Assert.Equal("it asks for 1 TiB of memory but the largest node in any pool has 512 GiB",
            WhyNever(Make.Job(1).MemoryGi(1024), null, Make.Node("a").MemoryGi(512)));

    [Fact]
    public void WhyNever_NoSingleNodeHasEverythingTogether() =>
        Assert.Equal("no single node in any pool has 4 GPUs, 32 CPUs and 1 GiB together",
            WhyNever(Make.Job(1).Gpus(4).Cpus(32), null, Make.Node("gpu").Gpus(8).Cpus(4), Make.Node("cpu").Cpus(64)));

    [Fact]
    public void WhyNever_LooksOnlyInsideThePool() =>
        Assert.Equal("it asks for 8 GPUs but the largest node in pool 'small' has 2",
            WhyNever(Make.Job(1).Gpus(8), "small", Make.Node("a").Pool("small").Gpus(2), Make.Node("b").Pool("big").Gpus(8)));

    private static string? WhyNeverGang(JobBuilder job, string? pool, string[] gangPools, params NodeBuilder[] nodes) =>
        FitCheck.WhyNever(job.Resources(), pool, nodes.Select(n => n.Build()).ToList(), gangPools.ToHashSet());

    [Fact]
    public void WhyNever_MultiNode_NeedsAPoolThatRunsGangs_EvenWhenEnoughNodesFit() =>
        Assert.Equal("it asks for 2 nodes, and multi-node jobs need a Slurm or Kubernetes pool: every pool here is local",
            WhyNever(Make.Job(1).Gpus(8).Nodes(2), null, Make.Node("a").Gpus(8), Make.Node("b").Gpus(8)));

    [Fact]
    public void WhyNever_MultiNode_FitsInAPoolThatRunsGangs() =>
        Assert.Null(WhyNeverGang(Make.Job(1).Gpus(8).Nodes(2), null, ["slurm"],
            Make.Node("a").Pool("local").Gpus(8), Make.Node("s1").Pool("slurm").Gpus(8), Make.Node("s2").Pool("slurm").Gpus(8)));

    [Fact]
    public void WhyNever_MultiNode_CountsNodesThatCouldHoldOneTask() =>
        Assert.Equal("it asks for 3 nodes but pool 'p' has 1 node(s) that can hold one task (2 in all)",
            WhyNeverGang(Make.Job(1).Gpus(8).Nodes(3), "p", ["p"], Make.Node("a").Pool("p").Gpus(8), Make.Node("b").Pool("p").Gpus(4)));

    [Fact]
    public void WhyNever_MultiNode_MembersMustShareAPool() =>
        Assert.Equal("it asks for 2 nodes but pool 'k8s' has 1 node(s) that can hold one task (1 in all) (a gang runs within one pool)",
            WhyNeverGang(Make.Job(1).Gpus(8).Nodes(2), null, ["k8s", "slurm"], Make.Node("a").Pool("slurm").Gpus(8), Make.Node("b").Pool("k8s").Gpus(8)));

    [Fact]
    public void WhyNever_FractionalCpus_FitExactly() =>
        Assert.Null(WhyNever(Make.Job(1).Cpus(0.1 + 0.2), null, Make.Node("a").Cpus(0.3)));
}
