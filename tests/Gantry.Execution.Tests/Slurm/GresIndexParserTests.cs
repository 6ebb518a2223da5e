using Gantry.Execution.Slurm;

namespace Gantry.Execution.Tests.Slurm;

public sealed class GresIndexParserTests
{
    [Fact]
    public void ReadsEachDetailLine_WithItsNodesAndGpuIndices()
    {
        const string shown = """
            JobId=651 JobName=gt-1
               JobState=RUNNING Reason=None Dependency=(null)
               NumNodes=3 NumCPUs=6 NumTasks=3 CPUs/Task=1 ReqB:S:C:T=0:0:*:*
               JOB_GRES=gpu:6
                 Nodes=gnode2,localhost CPU_IDs=0 Mem=21694 GRES=gpu:2(IDX:1,3)
                 Nodes=gpu[07-08] CPU_IDs=0-3 Mem=1024 GRES=gpu:a100:2(IDX:0-1),mps:100(0/100)
            """;

        var lines = GresIndexParser.Parse(shown);

        Assert.Equal(2, lines.Count);
        Assert.Equal("gnode2,localhost", lines[0].Nodes);
        Assert.Equal([1, 3], lines[0].Devices);
        Assert.Equal("gpu[07-08]", lines[1].Nodes);
        Assert.Equal([0, 1], lines[1].Devices);
    }

    [Fact]
    public void AJobWithoutGpus_HasNoIndices()
    {
        var line = Assert.Single(GresIndexParser.Parse("     Nodes=localhost CPU_IDs=0 Mem=100 GRES=\n"));
        Assert.Empty(line.Devices);
    }

    [Theory]
    [InlineData("0-2,5", new[] { 0, 1, 2, 5 })]
    [InlineData("3", new[] { 3 })]
    [InlineData("N/A", new int[0])]
    public void Ranges_ExpandLikeSlurm(string text, int[] expected) =>
        Assert.Equal(expected, GresIndexParser.Ranges(text));
}
