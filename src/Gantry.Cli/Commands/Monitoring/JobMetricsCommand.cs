using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Api.Monitoring;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gantry.Cli.Commands.Monitoring;

/// <summary><c>gantry job metrics ID</c>: the newest value of each metric a job reported, with a small trend line.</summary>
internal static class JobMetricsCommand
{
    private const int SparkWidth = 20;
    private const string UnicodeTicks = "▁▂▃▄▅▆▇█";
    private const string AsciiTicks = "_.-=+*#";

    public static Command Create(CommandBinder binder)
    {
        var id = new Argument<long>("ID") { Description = "Job id" };
        var key = new Option<string?>("--key") { Description = "Only this metric", HelpName = "KEY" };
        var json = CommandBinder.JsonOption();
        var command = new Command("metrics", "Show the metrics a job reported (loss, accuracy, ...) and its usage") { id, key, json };
        return binder.Bind(command, async context =>
        {
            var view = await context.Client.GetJobMetricsAsync(context.Value(id), context.Value(key), cancellationToken: context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(view);
            else
                await context.WriteAsync(Render(view, context.Environment.IsTerminal && context.Console.Profile.Capabilities.Unicode));
            return ExitCodes.Ok;
        });
    }

    public static IRenderable Render(JobMetricsView view, bool unicode)
    {
        var u = view.Usage;
        var summary = new Text(
            $"job {view.JobId}: {u.Attempts} attempt(s), queued {TimeText.Short(TimeSpan.FromSeconds(u.QueueSeconds))}, "
            + $"ran {TimeText.Short(TimeSpan.FromSeconds(u.RunSeconds))}{(u.Running ? " so far" : string.Empty)}, {u.GpuHours:0.###} GPU-hours"
            + (view.SkippedLines > 0 ? $", {view.SkippedLines} malformed metrics line(s) skipped" : string.Empty));
        if (view.Series.Count == 0)
            return new Rows(summary, new Text("no metrics reported (append JSON lines to $GANTRY_METRICS)"));

        var table = TableFactory.Create("KEY", "LAST", "STEP", "MIN", "MAX", "POINTS", "TREND");
        foreach (var series in view.Series)
        {
            var values = series.Points.Select(p => p.Value).ToArray();
            var last = series.Points[^1];
            table.AddTextRow(
                series.Key,
                Number(last.Value),
                last.Step?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None,
                Number(values.Min()),
                Number(values.Max()),
                values.Length.ToString(CultureInfo.InvariantCulture),
                Sparkline(values, unicode));
        }

        return new Rows(summary, new Text(string.Empty), table);
    }

    /// <summary>The values drawn as up to 20 ticks (averaged into buckets when there are more).</summary>
    public static string Sparkline(IReadOnlyList<double> values, bool unicode)
    {
        var ticks = unicode ? UnicodeTicks : AsciiTicks;
        if (values.Count == 0)
            return string.Empty;
        var width = Math.Min(SparkWidth, values.Count);
        var buckets = new double[width];
        for (var i = 0; i < width; i++)
        {
            var from = i * values.Count / width;
            var to = Math.Max(from + 1, (i + 1) * values.Count / width);
            buckets[i] = values.Skip(from).Take(to - from).Average();
        }

        var min = buckets.Min();
        var range = buckets.Max() - min;
        return new string(buckets.Select(v => ticks[range <= 0 ? ticks.Length / 2 : (int)Math.Round((v - min) / range * (ticks.Length - 1))]).ToArray());
    }

    private static string Number(double value) =>
        Math.Abs(value) is >= 1e6 or (< 1e-3 and > 0) ? value.ToString("0.###e0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);
}
