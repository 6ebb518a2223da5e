using System.Globalization;
using Gantry.Cli.Output;
using Gantry.Client;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Core.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gantry.Cli.Commands.Monitoring;

/// <summary>Reads a <see cref="TopSnapshot"/> from the server and draws it as three tables.</summary>
internal static class TopView
{
    private const int BarWidth = 10;
    private const int QueueRows = 20;

    // The telemetry window: long enough to hold a few readings at the default 1 s interval.
    private const string Window = "10s";

    public static async Task<TopSnapshot> ReadAsync(GantryClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gpus = client.ListGpusAsync(cancellationToken);
        var telemetry = client.GetGpuTelemetryAsync(since: Window, step: Window, cancellationToken: cancellationToken);
        var running = client.ListJobsAsync(new JobQuery { State = JobState.Running, Limit = 1000 }, cancellationToken);
        var queued = client.ListJobsAsync(new JobQuery { State = JobState.Queued, Limit = 1000 }, cancellationToken);
        await Task.WhenAll(gpus, telemetry, running, queued);

        var latest = (await telemetry).Gpus.ToDictionary(s => (s.Node, s.Gpu), s => s.Points.Count > 0 ? s.Points[^1] : null);
        var rows = (await gpus).Select(g =>
        {
            latest.TryGetValue((g.Node, g.Index), out var p);
            return new TopGpu(g.Node, g.Index, g.Model, g.JobId, p?.Utilization, p?.MemoryUsedBytes, p?.MemoryTotalBytes ?? g.MemoryBytes, p?.PowerWatts, p?.TemperatureCelsius);
        }).ToArray();

        // The queue in the order the scheduler takes it: priority, then first come first served.
        var queue = (await queued).Items.OrderByDescending(j => j.Priority).ThenBy(j => j.Id).ToArray();
        return new TopSnapshot(now, rows, (await running).Items.OrderBy(j => j.Id).ToArray(), queue);
    }

    public static IRenderable Render(TopSnapshot snapshot, bool unicode)
    {
        var allocated = snapshot.Gpus.Count(g => g.JobId is not null);
        var measured = snapshot.Gpus.Where(g => g.Utilization is not null).ToArray();
        var summary = $"gantry top - {TimeText.Stamp(snapshot.At)} - GPUs {allocated}/{snapshot.Gpus.Count} allocated"
            + (measured.Length > 0 ? $", {measured.Average(g => g.Utilization!.Value):0}% utilised" : string.Empty)
            + $" - {snapshot.Running.Count} running, {snapshot.Queued.Count} queued";
        return new Rows(
            new Text(summary),
            new Text(string.Empty),
            Gpus(snapshot, unicode),
            new Text(string.Empty),
            new Text("RUNNING", new Style(decoration: Decoration.Bold)),
            Running(snapshot),
            new Text(string.Empty),
            new Text("QUEUE", new Style(decoration: Decoration.Bold)),
            Queue(snapshot));
    }

    private static Table Gpus(TopSnapshot snapshot, bool unicode)
    {
        var table = TableFactory.Create("NODE", "GPU", "MODEL", "UTIL", "MEMORY", "POWER", "TEMP", "JOB");
        foreach (var g in snapshot.Gpus)
        {
            table.AddTextRow(
                g.Node,
                g.Index.ToString(CultureInfo.InvariantCulture),
                g.Model,
                g.Utilization is { } u ? $"{Bar(u, unicode)} {u,3:0}%" : TimeText.None,
                g.MemoryUsedBytes is { } used ? $"{MemorySize.Human(used)}/{MemorySize.Human(g.MemoryTotalBytes)}" : MemorySize.Human(g.MemoryTotalBytes),
                g.PowerWatts is { } w ? $"{w:0}W" : TimeText.None,
                g.TemperatureCelsius is { } t ? $"{t:0}C" : TimeText.None,
                g.JobId?.ToString(CultureInfo.InvariantCulture) ?? TimeText.None);
        }

        return table;
    }

    private static IRenderable Running(TopSnapshot snapshot)
    {
        if (snapshot.Running.Count == 0)
            return new Text("no running jobs");
        var table = TableFactory.Create("ID", "NAME", "PROJECT", "USER", "GPUS", "NODE", "RUNNING");
        foreach (var j in snapshot.Running)
        {
            table.AddTextRow(
                j.Id.ToString(CultureInfo.InvariantCulture),
                j.Name,
                j.Project,
                j.User,
                j.Gpus.Count == 0 ? TimeText.None : string.Join(',', j.Gpus),
                j.Node ?? TimeText.None,
                j.StartedAt is { } s ? TimeText.Since(s, snapshot.At) : TimeText.None);
        }

        return table;
    }

    private static IRenderable Queue(TopSnapshot snapshot)
    {
        if (snapshot.Queued.Count == 0)
            return new Text("the queue is empty");
        var table = TableFactory.Create("ID", "NAME", "PROJECT", "PRIORITY", "GPUS", "WAITING", "REASON");
        foreach (var j in snapshot.Queued.Take(QueueRows))
        {
            table.AddTextRow(
                j.Id.ToString(CultureInfo.InvariantCulture),
                j.Name,
                j.Project,
                j.Priority.ToString(CultureInfo.InvariantCulture),
                j.Resources.Gpus.ToString(CultureInfo.InvariantCulture),
                TimeText.Since(j.SubmittedAt, snapshot.At),
                j.Reason ?? TimeText.None);
        }

        if (snapshot.Queued.Count > QueueRows)
            table.AddTextRow($"… {snapshot.Queued.Count - QueueRows} more", "", "", "", "", "", "");
        return table;
    }

    /// <summary>A ten-cell bar: █ and ░ on a terminal, # and . elsewhere.</summary>
    public static string Bar(double percent, bool unicode)
    {
        var filled = (int)Math.Round(Math.Clamp(percent, 0, 100) / 100 * BarWidth);
        return unicode
            ? new string('█', filled) + new string('░', BarWidth - filled)
            : "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }
}
