using Gantry.Execution.Telemetry;

namespace Gantry.Execution.Tests.Telemetry;

public sealed class TelemetryDownsamplerTests
{
    private const long Minute = 60_000;
    private const long Hour = 3_600_000;

    [Fact]
    public void Rollup_AveragesEachGpuAndJob_PerBucket()
    {
        var points = new List<TelemetryPoint>();
        for (var s = 0; s < 120; s++)
            points.Add(Point("n1", 0, s < 90 ? 7 : null, s * 1000L, util: s < 60 ? 10 : 40, energy: 1000 + s));
        points.Add(Point("n1", 1, null, 5_000, util: 100, energy: null));

        var rolled = TelemetryDownsampler.Rollup(points, Minute);

        Assert.Equal(4, rolled.Count);
        var first = rolled[0];
        Assert.Equal((0, 7L, 0L, 60), (first.Gpu, first.JobId, first.AtMs, first.Samples));
        Assert.Equal(10, first.UtilizationPercent);
        Assert.Equal(1059, first.EnergyMillijoules);
        var second = rolled.Single(p => p.Gpu == 0 && p.AtMs == Minute && p.JobId == 7);
        Assert.Equal(30, second.Samples);
        Assert.Equal(40, second.UtilizationPercent);
        var idle = rolled.Single(p => p.Gpu == 0 && p.AtMs == Minute && p.JobId is null);
        Assert.Equal(30, idle.Samples);
        Assert.Equal(100, rolled.Single(p => p.Gpu == 1).UtilizationPercent);
    }

    [Fact]
    public void Rollup_OfRollups_WeighsByReadings_SoItEqualsOneRollup()
    {
        var random = new Random(42);
        var raw = Enumerable.Range(0, 7200)
            .Select(s => Point("n", 0, null, s * 1000L, util: random.Next(0, 101), energy: s))
            .ToArray();

        var direct = TelemetryDownsampler.Rollup(raw, Hour);
        var twoStep = TelemetryDownsampler.Rollup(TelemetryDownsampler.Rollup(raw, Minute), Hour);

        Assert.Equal(2, direct.Count);
        Assert.Equal(direct.Select(p => p.Samples), twoStep.Select(p => p.Samples));
        for (var i = 0; i < direct.Count; i++)
        {
            Assert.Equal(direct[i].UtilizationPercent!.Value, twoStep[i].UtilizationPercent!.Value, 9);
            Assert.Equal(direct[i].EnergyMillijoules, twoStep[i].EnergyMillijoules);
        }
    }

    [Fact]
    public void Rollup_LeavesAValueNull_WhenNoReadingHadIt()
    {
        var rolled = TelemetryDownsampler.Rollup([Point("n", 0, null, 1, util: null, energy: null), Point("n", 0, null, 2, util: null, energy: null)], Minute);

        var point = Assert.Single(rolled);
        Assert.Null(point.UtilizationPercent);
        Assert.Equal(2, point.Samples);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(59_999, 0)]
    [InlineData(60_000, 60_000)]
    [InlineData(-1, -60_000)]
    public void BucketStart_RoundsDown(long at, long expected) => Assert.Equal(expected, TelemetryDownsampler.BucketStart(at, Minute));

    private static TelemetryPoint Point(string node, int gpu, long? job, long at, double? util, double? energy) =>
        new(node, gpu, job, at, 1, util, 1e9, 8e10, 300, energy, 60, 1500);
}
