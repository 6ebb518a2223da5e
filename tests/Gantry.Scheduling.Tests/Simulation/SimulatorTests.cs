using System.Text.Json;
using Gantry.Core;
using Gantry.Scheduling.Simulation;

namespace Gantry.Scheduling.Tests.Simulation;

/// <summary>The simulator on a slice of the real Alibaba openb trace (skipped when the trace is not beside the repository).</summary>
public sealed class SimulatorTests
{
    private static (IReadOnlyList<TraceNode> Nodes, IReadOnlyList<TracePod> Pods) Slice(string podFile = "openb_pod_list_default.csv", int nodes = 150, int pods = 1200)
    {
        var dir = TraceDirectory.Find();
        Assert.SkipUnless(dir is not null, "the openb trace is not at ../shared/data/traces/alibaba-openb");
        var allNodes = OpenbTrace.ParseNodes(File.OpenText(Path.Combine(dir!, "openb_node_list_gpu_node.csv"))).Value!;
        var allPods = OpenbTrace.ParsePods(File.OpenText(Path.Combine(dir!, podFile))).Value!;
        // Every eighth node keeps the mix of GPU models.
        return (allNodes.Where((_, i) => i % 8 == 0).Take(nodes).ToArray(), allPods.Take(pods).ToArray());
    }

    [Fact]
    public void RealTrace_ParsesCompletely()
    {
        var dir = TraceDirectory.Find();
        Assert.SkipUnless(dir is not null, "the openb trace is not at ../shared/data/traces/alibaba-openb");

        var nodes = OpenbTrace.ParseNodes(File.OpenText(Path.Combine(dir!, "openb_node_list_all_node.csv"))).Value!;
        var pods = OpenbTrace.ParsePods(File.OpenText(Path.Combine(dir!, "openb_pod_list_default.csv"))).Value!;

        Assert.Equal(1523, nodes.Count);
        Assert.Equal(6212, nodes.Sum(n => n.Model is null ? 0 : n.Gpus));
        Assert.Equal(8152, pods.Count);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("best-fit")]
    [InlineData("dot-product")]
    [InlineData("fgd")]
    [InlineData("gantry")]
    public void Inflation_FillsTheClusterToTheTarget_AndReportsTheAllocation(string policy)
    {
        var (nodes, pods) = Slice();

        var r = ClusterSimulator.Run(nodes, pods, new SimulationOptions(policy, SimulationMode.Inflation) { Seed = 3 }).Value!;

        Assert.Equal(nodes.Sum(n => n.Gpus), r.GpusTotal);
        Assert.InRange(r.GpuAllocRatio!.Value, 0.5, 1.0);
        Assert.True(r.GpuAllocRatioFinal >= r.GpuAllocRatio);
        Assert.True(r.PodsFailed > 0, "arrivals go to 130% of capacity, so some must fail");
        Assert.Equal(r.GpusTotal * (1 - r.GpuAllocRatioFinal!.Value), r.UnallocatedGpusFinal!.Value, 6);
    }

    [Fact]
    public void Inflation_SameSeedSameResult_OtherSeedOtherOrder()
    {
        var (nodes, pods) = Slice();
        SimulationResult Run(int seed) => ClusterSimulator.Run(nodes, pods, new SimulationOptions("random", SimulationMode.Inflation) { Seed = seed }).Value!;

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void Inflation_GantryLeavesNoMoreUnallocatedThanBestFit_OnTheSharingHeavySlice()
    {
        var (nodes, pods) = Slice("openb_pod_list_gpushare40.csv");
        double Unallocated(string policy) => Enumerable.Range(0, 3)
            .Average(seed => ClusterSimulator.Run(nodes, pods, new SimulationOptions(policy, SimulationMode.Inflation) { Seed = seed }).Value!.UnallocatedGpusFinal!.Value);

        Assert.True(Unallocated("gantry") <= Unallocated("best-fit"));
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("backfill")]
    [InlineData("gantry")]
    public void Replay_RunsEveryTaskThroughTheQueue(string policy)
    {
        var (nodes, pods) = Slice(nodes: 150, pods: 1500);

        var r = ClusterSimulator.Run(nodes, pods, new SimulationOptions(policy, SimulationMode.Replay) { ScaleNodes = 0.05 }).Value!;

        Assert.Equal(1500, r.Tasks);
        Assert.True(r.Cycles > 0);
        Assert.True(r.AvgWaitS >= 0 && r.P95WaitS <= r.MaxWaitS);
        Assert.True(r.AvgJctS >= r.AvgWaitS);
        Assert.InRange(r.GpuUtilization!.Value, 0, 1);
    }

    [Fact]
    public void Replay_BackfillWaitsNoLongerThanFifo_OnAverage()
    {
        var (nodes, pods) = Slice(nodes: 150, pods: 1500);
        SimulationResult Run(string policy) => ClusterSimulator.Run(nodes, pods, new SimulationOptions(policy, SimulationMode.Replay) { ScaleNodes = 0.05 }).Value!;

        Assert.True(Run("backfill").AvgWaitS <= Run("fifo").AvgWaitS);
    }

    [Fact]
    public void Result_IsSnakeCaseJson()
    {
        var json = JsonSerializer.Serialize(new SimulationResult("gantry", "replay", 0, 1, 8) { GpuAllocRatio = 0.5, P95WaitS = 3, AvgJctS = 4 }, GantryJson.Options);

        Assert.Contains("\"gpus_total\":8", json, StringComparison.Ordinal);
        Assert.Contains("\"gpu_alloc_ratio\":0.5", json, StringComparison.Ordinal);
        Assert.Contains("\"p95_wait_s\":3", json, StringComparison.Ordinal);
        Assert.Contains("\"avg_jct_s\":4", json, StringComparison.Ordinal);
        Assert.Contains("\"pods_failed\":0", json, StringComparison.Ordinal);
    }
}
