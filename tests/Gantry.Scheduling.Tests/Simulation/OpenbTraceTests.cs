using Gantry.Core;
using Gantry.Scheduling.Simulation;

namespace Gantry.Scheduling.Tests.Simulation;

public sealed class OpenbTraceTests
{
    [Fact]
    public void Nodes_AreReadByHeaderName_AndEmptyModelMeansNoGpus()
    {
        var nodes = OpenbTrace.ParseNodes("model,sn,gpu,cpu_milli,memory_mib\nV100M16,node-a,8,96000,786432\n,node-b,0,32000,262144\n");

        Assert.True(nodes.IsOk);
        Assert.Equal(new TraceNode("node-a", 96000, 786432, 8, "V100M16"), nodes.Value[0]);
        Assert.Null(nodes.Value[1].Model);
    }

    [Fact]
    public void Pods_KeepSharesSpecsAndTimes()
    {
        const string csv = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n"
            + "p0,6000,12288,1,460,,LS,Running,10,110,20\n"
            + "p1,88000,327680,8,1000,V100M16|V100M32,BE,Pending,30,90,\n"
            + "p2,4000,8192,0,0,,BE,Failed,40,,\n";

        var pods = OpenbTrace.ParsePods(csv).Value!;

        Assert.Equal(460, pods[0].MilliPerGpu);
        Assert.Equal(90, pods[0].Runtime);
        Assert.Equal("V100M16|V100M32", pods[1].GpuSpec);
        Assert.Equal(8000, pods[1].GpuDemandMilli);
        Assert.Equal(60, pods[1].Runtime); // never scheduled: from creation
        Assert.Equal(1, pods[2].Runtime);   // no deletion: at least a second
    }

    [Fact]
    public void Pods_WithoutTimeColumns_AreReadForInflation()
    {
        var pods = OpenbTrace.ParsePods("name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,12000,16384,2,1000\n").Value!;

        Assert.False(pods[0].HasTimes);
        var replay = ClusterSimulator.Run([new TraceNode("n", 96000, 1 << 20, 8, "G2")], pods, new SimulationOptions("gantry", SimulationMode.Replay));
        Assert.Equal(ErrorKind.Invalid, replay.Error?.Kind);
    }

    [Theory]
    [InlineData("sn,cpu_milli,memory_mib,gpu\nn,1,2,3\n", "no column 'model'")]
    [InlineData("sn,cpu_milli,memory_mib,gpu,model\nn,lots,2,3,T4\n", "node list line 2")]
    [InlineData("", "empty")]
    public void MalformedNodeLists_AreErrorsThatSayWhere(string csv, string expected)
    {
        var result = OpenbTrace.ParseNodes(csv);

        Assert.False(result.IsOk);
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPolicy_IsAnError_ListingTheKnownOnes()
    {
        var result = ClusterSimulator.Run([new TraceNode("n", 1000, 1024, 1, "T4")], [], new SimulationOptions("tetris", SimulationMode.Inflation));

        Assert.Equal(ErrorKind.Invalid, result.Error?.Kind);
        Assert.Contains("random, best-fit, dot-product, fgd, fifo, backfill, gantry", result.Error!.Message, StringComparison.Ordinal);
    }
}
