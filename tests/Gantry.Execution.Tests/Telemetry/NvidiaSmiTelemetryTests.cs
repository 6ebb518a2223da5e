using Gantry.Execution.Telemetry;
using Gantry.Execution.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Tests.Telemetry;

public sealed class NvidiaSmiTelemetryTests
{
    [Fact]
    public void Parse_ReadsRecordedQueryOutput_WithMissingFieldsAsNull()
    {
        var gpus = NvidiaSmiTelemetryParser.Parse(Fixtures.Read("nvidia-smi-telemetry-4xA100.csv"));

        Assert.Equal(4, gpus.Count);
        Assert.Equal(100, gpus[0].UtilizationPercent);
        Assert.Equal(39871L * 1024 * 1024, gpus[0].MemoryUsedBytes);
        Assert.Equal(40960L * 1024 * 1024, gpus[0].MemoryTotalBytes);
        Assert.Equal(287.53, gpus[0].PowerWatts);
        Assert.Equal(64, gpus[0].TemperatureCelsius);
        Assert.Equal(1410, gpus[0].SmClockMhz);
        Assert.Equal("GPU-8f6d2c1a-3b4e-4f5a-9b8c-7d6e5f4a3b21", gpus[0].Uuid);
        Assert.Null(gpus[2].PowerWatts);
        Assert.Equal(3, gpus[3].Index);
        Assert.Null(gpus[3].UtilizationPercent);
        Assert.Null(gpus[3].MemoryUsedBytes);
        Assert.Null(gpus[3].EnergyMillijoules);
    }

    [Theory]
    [InlineData("")]
    [InlineData("WARNING: infoROM is corrupted at gpu 0000:00:00.0")]
    [InlineData("x, GPU-1, 1, 2, 3, 4, 5, 6")]
    [InlineData("0, GPU-1, 1, 2, 3")]
    public void ParseLine_RefusesLinesThatAreNotReadings(string line) =>
        Assert.Null(NvidiaSmiTelemetryParser.ParseLine(line));

    [Fact]
    public async Task Stream_KeepsOneNvidiaSmiRunning_AndReportsItsNewestReadings()
    {
        var tools = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tools", "nvidia-stream");
        var source = await LocalTelemetrySources.StartAsync(
            "nvidia-smi", TimeSpan.FromMilliseconds(200), NullLogger.Instance, TimeProvider.System, [tools], TestContext.Current.CancellationToken);
        Assert.NotNull(source);
        await using (source)
        {
            IReadOnlyList<GpuSample> read = [];
            await Eventually.TrueAsync(() =>
            {
                read = source.ReadAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
                return read.Count == 4;
            }, "four GPUs from the nvidia-smi stream");

            Assert.Equal("nvidia-smi", source.Name);
            Assert.Equal([0, 1, 2, 3], read.Select(s => s.Index));
            Assert.Equal(100, read[0].UtilizationPercent);
            var stream = Assert.IsType<NvidiaSmiTelemetrySource>(source);
            await Eventually.TrueAsync(() => stream.SkippedLines > 0, "the warning line to be skipped");
        }
    }

    [Fact]
    public async Task Start_AnswersNull_WhenNvidiaSmiIsMissingOrFails()
    {
        var failing = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tools", "failing");
        var empty = Directory.CreateTempSubdirectory("no-tools-").FullName;
        try
        {
            Assert.Null(await LocalTelemetrySources.StartAsync("nvidia-smi", TimeSpan.FromSeconds(1), NullLogger.Instance, TimeProvider.System, [failing], TestContext.Current.CancellationToken));
            Assert.Null(await LocalTelemetrySources.StartAsync("nvidia-smi", TimeSpan.FromSeconds(1), NullLogger.Instance, TimeProvider.System, [empty], TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
