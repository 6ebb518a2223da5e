using Gantry.Execution.Discovery;
using Gantry.Execution.Tests.Support;

namespace Gantry.Execution.Tests.Discovery;

public sealed class NvidiaSmiParserTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void QueryGpu_8xH100Sxm_ReadsEveryGpu()
    {
        var parsed = NvidiaSmiParser.ParseQueryGpu(Fixtures.Read("nvidia-smi-query-8xH100-SXM.csv"));

        Assert.True(parsed.IsOk, parsed.Error?.Message);
        var gpus = parsed.Value;
        Assert.Equal(Enumerable.Range(0, 8), gpus.Select(g => g.Index));
        Assert.All(gpus, g =>
        {
            Assert.Equal("nvidia", g.Vendor);
            Assert.Equal("NVIDIA H100 80GB HBM3", g.Model);
            Assert.Equal(81559 * MiB, g.MemoryBytes);
            Assert.True(g.IsGpu);
            Assert.StartsWith("GPU-", g.Uuid, StringComparison.Ordinal);
        });
        Assert.Equal("GPU-5e2a1c4b-7f3d-2a9e-8c61-0b4d9f7e3a12", gpus[0].Uuid);
        Assert.Equal("GPU-0b7d5e39-a8c2-41f6-9d3e-27f8a4c6e105", gpus[7].Uuid);
        Assert.Equal("00000000:18:00.0", gpus[0].PciBusId);
        Assert.Equal("00000000:DB:00.0", gpus[7].PciBusId);
        Assert.Equal(8, gpus.Select(g => g.Uuid).Distinct().Count());
    }

    [Fact]
    public void QueryGpu_2xA100Pcie_ReadsModelMemoryAndBus()
    {
        var parsed = NvidiaSmiParser.ParseQueryGpu(Fixtures.Read("nvidia-smi-query-2xA100-PCIe.csv"));

        Assert.True(parsed.IsOk, parsed.Error?.Message);
        var gpus = parsed.Value;
        Assert.Equal(2, gpus.Count);
        Assert.Equal([0, 1], gpus.Select(g => g.Index));
        Assert.All(gpus, g => Assert.Equal("NVIDIA A100 80GB PCIe", g.Model));
        Assert.All(gpus, g => Assert.Equal(81920 * MiB, g.MemoryBytes));
        Assert.Equal("GPU-9a6c2e7f-5b1d-3c84-e2a9-64f0d8b71c53", gpus[0].Uuid);
        Assert.Equal("00000000:CA:00.0", gpus[1].PciBusId);
    }

    [Fact]
    public void QueryGpu_NotAvailableValues_BecomeUnknownNotErrors()
    {
        var parsed = NvidiaSmiParser.ParseQueryGpu("0, GPU-1, NVIDIA GeForce RTX 4090, [N/A], [N/A]\r\n");

        Assert.True(parsed.IsOk);
        Assert.Equal(0, parsed.Value[0].MemoryBytes);
        Assert.Null(parsed.Value[0].PciBusId);
        Assert.Equal("NVIDIA GeForce RTX 4090", parsed.Value[0].Model);
    }

    [Fact]
    public void QueryGpu_EmptyOutput_IsNoGpus()
    {
        var parsed = NvidiaSmiParser.ParseQueryGpu("\n");

        Assert.True(parsed.IsOk);
        Assert.Empty(parsed.Value);
    }

    [Fact]
    public void QueryGpu_SomethingElse_IsAnError()
    {
        var parsed = NvidiaSmiParser.ParseQueryGpu("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n");

        Assert.False(parsed.IsOk);
    }
}
