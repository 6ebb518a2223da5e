using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands.Scheduling;

/// <summary><c>gantry queue</c>: waiting jobs in scheduler order, why each waits, and when it may start.</summary>
internal static class QueueCommand
{
    public static Command Create(CommandBinder binder)
    {
        var project = new Option<string?>("--project") { Description = "Only this project's jobs" };
        var limit = new Option<int>("--limit") { Description = "Most jobs to show", DefaultValueFactory = _ => 100 };
        var json = CommandBinder.JsonOption();
        var command = new Command("queue", "Show the queue: positions, reasons and estimated starts") { project, limit, json };
        return binder.Bind(command, async context =>
        {
            var entries = await context.Client.QueueAsync(context.Value(project), context.Value(limit), context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(entries);
                return ExitCodes.Ok;
            }

            if (entries.Count == 0)
            {
                await context.NoteAsync("the queue is empty");
                return ExitCodes.Ok;
            }

            var table = TableFactory.Create("POS", "ID", "NAME", "PROJECT", "USER", "PRIO", "GPUS", "WAITING FOR", "EST. START");
            foreach (var e in entries)
            {
                var gpus = e.Resources.GpuFraction is { } f
                    ? f.ToString("0.##", CultureInfo.InvariantCulture)
                    : e.Resources.Gpus.ToString(CultureInfo.InvariantCulture);
                table.AddTextRow(
                    e.Position.ToString(CultureInfo.InvariantCulture),
                    e.JobId.ToString(CultureInfo.InvariantCulture),
                    e.Name,
                    e.Project,
                    e.User,
                    e.Priority.ToString(CultureInfo.InvariantCulture),
                    gpus,
                    ReasonWords(e.Reason),
                    e.EstimatedStart is { } at ? (at <= context.Now ? "now" : "in " + TimeText.Short(at - context.Now)) : "-");
            }

            await context.WriteAsync(table);
            return ExitCodes.Ok;
        });
    }

    internal static string ReasonWords(string reason) => reason switch
    {
        "Resources" => "resources",
        "Reserved" => "reservation (next)",
        "WouldDelayReservation" => "reserved resources",
        "BehindHead" => "job ahead (FIFO)",
        "QuotaLimit" => "quota limit",
        "CohortExhausted" => "cohort quota",
        "WaitingForPreemption" => "preemption",
        "NeverFits" => "never fits",
        "Invalid" => "invalid request",
        "NotConsidered" => "not considered yet",
        _ => reason,
    };
}
