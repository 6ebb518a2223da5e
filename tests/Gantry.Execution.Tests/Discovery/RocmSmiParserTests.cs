using Gantry.Execution.Discovery;
using Gantry.Execution.Tests.Support;

namespace Gantry.Execution.Tests.Discovery;

public sealed class RocmSmiParserTests
{
    [Fact]
    public void Mi300x_ReadsEightCards()
    {
        var parsed = RocmSmiParser.Parse(Fixtures.Read("rocm-smi-mi300x.json"));

        Assert.True(parsed.IsOk, parsed.Error?.Message);
        var gpus = parsed.Value;
        Assert.Equal(Enumerable.Range(0, 8), gpus.Select(g => g.Index));
        Assert.All(gpus, g =>
        {
            Assert.Equal("amd", g.Vendor);
            Assert.Equal("AMD Instinct MI300X OAM", g.Model);
            Assert.Equal(205_822_885_888L, g.MemoryBytes);
            Assert.True(g.IsGpu);
        });
        Assert.Equal("0x46b0e1a9d1b2c3f4", gpus[0].Uuid);
        Assert.Equal("0000:DF:00.0", gpus[7].PciBusId);
        Assert.Equal(8, gpus.Select(g => g.Uuid).Distinct().Count());
    }

    [Fact]
    public void OlderKeyCapitalisation_AndCardOrder_AreHandled()
    {
        const string json = """
            {"card1": {"Card series": "AMD Instinct MI250X", "Card model": "0x740c", "Unique ID": "N/A", "VRAM Total Memory (B)": "68702699520"},
             "card0": {"Card series": "AMD Instinct MI250X", "Card model": "0x740c", "Unique ID": "0xabc123def4567890", "VRAM Total Memory (B)": "68702699520"},
             "system": {"Driver version": "6.7.0"}}
            """;

        var parsed = RocmSmiParser.Parse(json);

        Assert.True(parsed.IsOk);
        Assert.Equal([0, 1], parsed.Value.Select(g => g.Index));
        Assert.Equal("AMD Instinct MI250X", parsed.Value[1].Model);
        Assert.Equal("amd-card1", parsed.Value[1].Uuid);
        Assert.Equal(68_702_699_520L, parsed.Value[0].MemoryBytes);
    }

    [Fact]
    public void NotJson_IsAnError()
    {
        Assert.False(RocmSmiParser.Parse("ERROR: No AMD GPUs specified").IsOk);
    }
}
