using Gantry.Planning.Catalogs;
using Gantry.Planning.Sizing;

namespace Gantry.Planning.Calibration;

/// <summary>
/// Calibrates the MFU defaults: for each published end-to-end run, the MFU its GPU-hours imply under the planner's
/// own FLOP count (6·N·D + 12·L·H·S·D at BF16 peak). A class's default is the median of its runs.
/// </summary>
internal static class MfuCalibration
{
    public static double ImpliedMfu(PlanningCatalog catalog, PublishedRun run)
    {
        if (run.ReportedMfu is { } reported)
            return reported;
        var model = catalog.FindModel(run.Model!).Value!;
        var gpu = catalog.FindGpu(run.Gpu).Value!;
        var flops = TrainingCompute.FlopsWithAttention(model.ParamsPerToken, run.Tokens, model.Layers, model.AttentionDim, run.SeqLen);
        return flops / (run.GpuHours!.Value * 3600 * gpu.Bf16Tflops * 1e12);
    }

    public static IReadOnlyList<CalibrationRow> Rows(PlanningCatalog catalog, IEnumerable<PublishedRun> runs) =>
        [.. runs.Select(run =>
        {
            var gpu = catalog.FindGpu(run.Gpu).Value!;
            var gpuClass = catalog.ClassOf(gpu);
            return new CalibrationRow(run, gpuClass.Name, ImpliedMfu(catalog, run), gpuClass.DefaultMfu);
        })];

    /// <summary>The median implied MFU of each class's end-to-end runs, rounded to two places.</summary>
    public static IReadOnlyDictionary<string, double> FittedDefaults(PlanningCatalog catalog) =>
        Rows(catalog, PublishedRuns.EndToEnd)
            .GroupBy(r => r.GpuClass)
            .ToDictionary(g => g.Key, g => Math.Round(Median([.. g.Select(r => r.ImpliedMfu)]), 2));

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
