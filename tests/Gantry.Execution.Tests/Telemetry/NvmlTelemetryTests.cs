using System.Runtime.InteropServices;
using Gantry.Execution.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Tests.Telemetry;

/// <summary>NVML telemetry: real readings where a driver is installed, a quiet "nothing here" where not.</summary>
public sealed class NvmlTelemetryTests
{
    [Fact]
    public async Task Nvml_ReadsEveryGpu_OrAnswersNullWithoutADriver()
    {
        var hasDriver = NativeLibrary.TryLoad("libnvidia-ml.so.1", out var handle);
        if (hasDriver)
            NativeLibrary.Free(handle);

        var source = await LocalTelemetrySources.StartAsync("nvml", TimeSpan.FromSeconds(1), NullLogger.Instance, TimeProvider.System, [], TestContext.Current.CancellationToken);

        if (!hasDriver)
        {
            Assert.Null(source);
            return;
        }

        // A driver library without a usable GPU (a container without devices) also answers null.
        if (source is null)
            return;
        await using (source)
        {
            var samples = await source.ReadAsync(TestContext.Current.CancellationToken);
            Assert.NotEmpty(samples);
            Assert.All(samples, s =>
            {
                Assert.NotNull(s.Uuid);
                Assert.InRange(s.UtilizationPercent!.Value, 0, 100);
                Assert.True(s.MemoryTotalBytes > 0);
                Assert.True(s.MemoryUsedBytes <= s.MemoryTotalBytes);
            });
        }
    }

    [Fact]
    public async Task None_ReadsNothing() =>
        Assert.Null(await LocalTelemetrySources.StartAsync("none", TimeSpan.FromSeconds(1), NullLogger.Instance, TimeProvider.System, [], TestContext.Current.CancellationToken));
}
