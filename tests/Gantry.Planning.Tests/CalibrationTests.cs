using System.Globalization;
using System.Text;
using Gantry.Planning.Calibration;
using Gantry.Planning.Catalogs;

namespace Gantry.Planning.Tests;

public sealed class CalibrationTests(ITestOutputHelper output)
{
    private static readonly PlanningCatalog Catalog = PlanningCatalog.BuiltIn;

    [Fact]
    public void Defaults_AreTheMedianOfThePublishedRuns()
    {
        foreach (var (name, fitted) in MfuCalibration.FittedDefaults(Catalog))
        {
            var gpuClass = Catalog.Classes.Single(c => c.Name == name);
            Assert.True(gpuClass.Calibrated, name);
            Assert.Equal(fitted, gpuClass.DefaultMfu);
        }
    }

    [Fact]
    public void EndToEndErrors_StayWithinWhatDocsPlanningMdStates()
    {
        var rows = MfuCalibration.Rows(Catalog, PublishedRuns.EndToEnd);
        output.WriteLine(Table(rows));
        output.WriteLine(Table(MfuCalibration.Rows(Catalog, PublishedRuns.SteadyState)));
        foreach (var group in rows.GroupBy(r => r.GpuClass))
        {
            var mean = group.Average(r => Math.Abs(r.TimeError));
            var max = group.Max(r => Math.Abs(r.TimeError));
            output.WriteLine($"{group.Key}: mean |error| {mean:P1}, max {max:P1}");
        }

        var ampere = rows.Where(r => r.GpuClass == "ampere-sxm").ToList();
        Assert.True(ampere.Average(r => Math.Abs(r.TimeError)) < 0.07);
        Assert.True(ampere.Max(r => Math.Abs(r.TimeError)) < 0.17);
        var hopper = rows.Where(r => r.GpuClass == "hopper").ToList();
        Assert.True(hopper.Average(r => Math.Abs(r.TimeError)) < 0.25);
        Assert.True(hopper.Max(r => Math.Abs(r.TimeError)) < 0.45);
    }

    [Fact]
    public void ImpliedMfu_OfLlama2_70B_IsAbout46Percent()
    {
        var run = PublishedRuns.EndToEnd.Single(r => r.Name.StartsWith("Llama 2 70B", StringComparison.Ordinal));
        Assert.InRange(MfuCalibration.ImpliedMfu(Catalog, run), 0.45, 0.47);
    }

    private static string Table(IEnumerable<CalibrationRow> rows)
    {
        var text = new StringBuilder("| run | GPU class | published | implied MFU | default | time error |\n|---|---|---|---|---|---|\n");
        foreach (var r in rows)
        {
            var published = r.Run.GpuHours is { } h ? h.ToString("N0", CultureInfo.InvariantCulture) + " GPU-h" : "MFU " + r.Run.ReportedMfu!.Value.ToString("P1", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"| {r.Run.Name} | {r.GpuClass} | {published} | {r.ImpliedMfu:P1} | {r.DefaultMfu:P0} | {r.TimeError:+0.0%;-0.0%} |\n");
        }

        return text.ToString();
    }
}
