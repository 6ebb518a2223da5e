using Gantry.Execution.Discovery;
using Gantry.Execution.Tests.Support;

namespace Gantry.Execution.Tests.Discovery;

public sealed class NvidiaTopologyParserTests
{
    [Fact]
    public void DgxH100_AllPairsAreNv18_AndNicRowsAndAffinityColumnsAreSkipped()
    {
        var topology = NvidiaTopologyParser.Parse(Fixtures.Read("nvidia-smi-topo-dgx-h100.txt"));

        Assert.NotNull(topology);
        Assert.Equal(Enumerable.Range(0, 8), topology.Gpus);
        Assert.Equal(8, topology.Links.Count);
        Assert.All(topology.Links, row => Assert.Equal(8, row.Count));
        for (var a = 0; a < 8; a++)
        {
            for (var b = 0; b < 8; b++)
            {
                Assert.Equal(a == b ? "X" : "NV18", topology.Link(a, b));
                Assert.Equal(a != b, topology.IsNvLink(a, b));
            }
        }

        Assert.Equal("?", topology.Link(0, 8));
    }

    [Fact]
    public void PcieWorkstation_ReadsPixPhbAndSys()
    {
        var topology = NvidiaTopologyParser.Parse(Fixtures.Read("nvidia-smi-topo-pcie-4gpu.txt"));

        Assert.NotNull(topology);
        Assert.Equal([0, 1, 2, 3], topology.Gpus);
        Assert.Equal("X", topology.Link(0, 0));
        Assert.Equal("PIX", topology.Link(0, 1));
        Assert.Equal("PIX", topology.Link(1, 0));
        Assert.Equal("SYS", topology.Link(0, 2));
        Assert.Equal("SYS", topology.Link(1, 3));
        Assert.Equal("PHB", topology.Link(2, 3));
        Assert.Equal("PHB", topology.Link(3, 2));
        Assert.False(topology.IsNvLink(0, 1));
    }

    [Fact]
    public void SpaceSeparatedCopy_ReadsTheSame()
    {
        // The same matrix pasted with spaces for tabs (as in a bug report) still parses.
        var text = Fixtures.Read("nvidia-smi-topo-pcie-4gpu.txt").Replace('\t', ' ');

        var topology = NvidiaTopologyParser.Parse(text);

        Assert.NotNull(topology);
        Assert.Equal("PHB", topology.Link(2, 3));
        Assert.Equal("SYS", topology.Link(3, 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("No devices were found\n")]
    [InlineData("\tGPU0\tCPU Affinity\tNUMA Affinity\n")]
    public void NoMatrix_IsNull(string text)
    {
        Assert.Null(NvidiaTopologyParser.Parse(text));
    }
}
