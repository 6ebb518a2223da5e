using Gantry.Core.Hardware;

namespace Gantry.Core.Tests.Hardware;

public sealed class GpuTopologyTests
{
    // Two NVLinked pairs joined over the system bus, as nvidia-smi topo -m prints it.
    private static readonly GpuTopology Topology = new(
        [0, 1, 2, 3],
        [
            ["X", "NV4", "SYS", "SYS"],
            ["NV4", "X", "SYS", "PHB"],
            ["SYS", "SYS", "X", "NV12"],
            ["SYS", "PHB", "NV12", "X"],
        ]);

    [Theory]
    [InlineData(0, 1, "NV4")]
    [InlineData(1, 0, "NV4")]
    [InlineData(2, 3, "NV12")]
    [InlineData(0, 2, "SYS")]
    [InlineData(1, 3, "PHB")]
    [InlineData(2, 2, "X")]
    public void Link_ReadsTheMatrix(int a, int b, string link) =>
        Assert.Equal(link, Topology.Link(a, b));

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(3, 2, true)]
    [InlineData(0, 3, false)]
    [InlineData(1, 3, false)]
    [InlineData(0, 0, false)]
    public void IsNvLink_OnlyForNvLinks(int a, int b, bool nvlink) =>
        Assert.Equal(nvlink, Topology.IsNvLink(a, b));

    [Theory]
    [InlineData(0, 9)]
    [InlineData(9, 0)]
    [InlineData(-1, -1)]
    public void Link_OfAnUnknownGpu_IsAQuestionMark(int a, int b)
    {
        Assert.Equal("?", Topology.Link(a, b));
        Assert.False(Topology.IsNvLink(a, b));
    }

    [Fact]
    public void Link_UsesGpuIndices_NotPositions()
    {
        var sparse = new GpuTopology([4, 6], [["X", "NV2"], ["NV2", "X"]]);
        Assert.Equal("NV2", sparse.Link(4, 6));
        Assert.True(sparse.IsNvLink(6, 4));
        Assert.Equal("?", sparse.Link(0, 1));
    }
}
