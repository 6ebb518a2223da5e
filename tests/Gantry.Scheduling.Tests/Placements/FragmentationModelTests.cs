using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Tests.Placements;

/// <summary>The FGD fragmentation measure on hand-worked nodes (values in GPU thousandths).</summary>
public sealed class FragmentationModelTests
{
    private static (FragmentationModel Model, WorkNode Node) Setup(int[] free, long cpuFree, IReadOnlyList<WorkloadClass> mix, string model = "NVIDIA H100")
    {
        var gpus = free.Select((f, i) => new GpuState(i, model, FreeMilli: f)).ToArray();
        var cluster = WorkCluster.From([new NodeSnapshot("n", "p", gpus, 64_000, 1L << 40, cpuFree, 1L << 40)]);
        return (FragmentationModel.Create(mix, cluster.Models, 1), cluster.Nodes[0]);
    }

    [Fact]
    public void WholeGpuClass_CountsPartlyUsedGpusAsFragments()
    {
        var (model, node) = Setup([1000, 500, 200], 64_000, [new WorkloadClass(1, 1000, 1000, 0, null, 1)]);

        Assert.Equal(700, model.Of(node), 6);
    }

    [Fact]
    public void Mix_IsTheExpectationOverClasses()
    {
        // Whole-GPU class: 500 + 200 stranded. 0.4-GPU class: only the 200 is too small. Equal weights.
        var (model, node) = Setup([1000, 500, 200], 64_000, [new WorkloadClass(1, 1000, 1000, 0, null, 1), new WorkloadClass(1, 400, 1000, 0, null, 1)]);

        Assert.Equal(0.5 * 700 + 0.5 * 200, model.Of(node), 6);
    }

    [Fact]
    public void ClassThatCannotRunAtAll_FindsEveryFreeShareUnusable()
    {
        // Two whole GPUs wanted, one free: all 1,700 free thousandths are lost to this class.
        var (model, node) = Setup([1000, 500, 200], 64_000, [new WorkloadClass(2, 1000, 1000, 0, null, 1)]);

        Assert.Equal(1700, model.Of(node), 6);
    }

    [Fact]
    public void TooFewCpus_StrandTheGpus()
    {
        var (model, node) = Setup([1000, 1000], 500, [new WorkloadClass(1, 1000, 1000, 0, null, 1)]);

        Assert.Equal(2000, model.Of(node), 6);
    }

    [Fact]
    public void OtherGpuModel_IsNoUseToAConstrainedClass()
    {
        var (model, node) = Setup([1000, 1000], 64_000, [new WorkloadClass(1, 1000, 1000, 0, "A100", 1)]);

        Assert.Equal(2000, model.Of(node), 6);
    }

    [Fact]
    public void Delta_IsTheGrowthOfFragmentation_ForAChoiceOfGpu()
    {
        var (model, node) = Setup([1000, 500], 64_000, [new WorkloadClass(1, 1000, 1000, 0, null, 1), new WorkloadClass(1, 500, 1000, 0, null, 1)]);

        // Filling the half-used GPU removes its fragment; splitting the whole one creates one.
        Assert.Equal(-250, model.Delta(node, [1], 500, 1000, 0), 6);
        Assert.Equal(250, model.Delta(node, [0], 500, 1000, 0), 6);
    }

    [Fact]
    public void GantryWeighting_FavoursSmallClasses()
    {
        var models = WorkCluster.From([new NodeSnapshot("n", "p", [new GpuState(0, "X", FreeMilli: 300)], 1000, 1000, 1000, 1000)]);
        var mix = new[] { new WorkloadClass(1, 1000, 0, 0, null, 1), new WorkloadClass(1, 250, 0, 0, null, 1) };

        // FGD: ½·300 (whole class) + ½·0; Gantry weighs the quarter-GPU class 16 times more: (1·300 + 16·0) / 17.
        Assert.Equal(150, FragmentationModel.For(PlacementPolicy.Fgd, mix, models.Models, 1).Of(models.Nodes[0]), 6);
        Assert.Equal(300.0 / 17, FragmentationModel.For(PlacementPolicy.Gantry, mix, models.Models, 1).Of(models.Nodes[0]), 6);
    }
}
