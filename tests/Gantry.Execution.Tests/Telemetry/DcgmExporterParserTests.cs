using Gantry.Execution.Telemetry;
using Gantry.Execution.Tests.Support;

namespace Gantry.Execution.Tests.Telemetry;

/// <summary>A recorded DCGM exporter page (default counters, Kubernetes pod labels, one MIG instance).</summary>
public sealed class DcgmExporterParserTests
{
    [Fact]
    public void Parse_GivesOneSamplePerWholeGpu_WithDcgmUnitsConverted()
    {
        var gpus = DcgmExporterParser.Parse(Fixtures.Read("dcgm-exporter-dgx-h100.txt"), "fallback-host");

        Assert.Equal(2, gpus.Count);
        var busy = gpus[0];
        Assert.Equal("dgx-07", busy.Node);
        Assert.Equal(0, busy.Index);
        Assert.Equal("GPU-6e5a1f3c-0b9e-4c61-9c7e-1f2d3a4b5c60", busy.Uuid);
        Assert.Equal("NVIDIA H100 80GB HBM3", busy.Model);
        Assert.Equal(97, busy.UtilizationPercent);
        Assert.Equal(77793L * 1024 * 1024, busy.MemoryUsedBytes);
        Assert.Equal((77793L + 3211) * 1024 * 1024, busy.MemoryTotalBytes);
        Assert.Equal(3211L * 1024 * 1024, busy.MemoryFreeBytes);
        Assert.Equal(612.437, busy.PowerWatts);
        Assert.Equal(918273645512, busy.EnergyMillijoules);
        Assert.Equal(61, busy.TemperatureCelsius);
        Assert.Equal(1980, busy.SmClockMhz);
        Assert.Equal(0, gpus[1].UtilizationPercent);
        Assert.Equal(1, gpus[1].Index);
    }

    [Fact]
    public void Parse_UsesTheExporterHost_WhenSamplesHaveNoHostname()
    {
        const string page = "DCGM_FI_DEV_GPU_UTIL{gpu=\"3\",UUID=\"GPU-x\"} 55\nDCGM_FI_DEV_GPU_UTIL{gpu=\"bad\"} 1\nup 1\n";

        var gpu = Assert.Single(DcgmExporterParser.Parse(page, "node-9"));

        Assert.Equal("node-9", gpu.Node);
        Assert.Equal(3, gpu.Index);
        Assert.Equal(55, gpu.UtilizationPercent);
        Assert.Null(gpu.MemoryTotalBytes);
    }
}
