using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Core.Text;
using Spectre.Console;

namespace Gantry.Cli.Commands.Monitoring;

/// <summary><c>gantry top</c>: GPUs with their utilisation and holder, running jobs and the queue, redrawn every 2 s.</summary>
internal static class TopCommand
{
    public static Command Create(CommandBinder binder)
    {
        var once = new Option<bool>("--once") { Description = "Print one frame and exit (also what happens off a terminal)" };
        var json = new Option<bool>("--json") { Description = "Print one snapshot as JSON and exit" };
        var interval = new Option<string>("--interval") { Description = "Time between refreshes", DefaultValueFactory = _ => "2s", HelpName = "DURATION" };
        var command = new Command("top", "Live view of GPUs, running jobs and the queue") { once, json, interval };
        return binder.Bind(command, async context =>
        {
            var every = DurationText.Parse(context.Value(interval), "--interval");
            if (!every.IsOk)
                throw CliException.Usage(every.Error.Message);
            if (every.Value < TimeSpan.FromMilliseconds(200))
                throw CliException.Usage("--interval must be at least 200ms");

            if (context.Value(json))
            {
                await context.WriteJsonAsync(await TopView.ReadAsync(context.Client, context.Now, context.CancellationToken));
                return ExitCodes.Ok;
            }

            if (context.Value(once) || !context.Environment.IsTerminal)
            {
                await context.WriteAsync(TopView.Render(await TopView.ReadAsync(context.Client, context.Now, context.CancellationToken), unicode: false));
                return ExitCodes.Ok;
            }

            var unicode = context.Console.Profile.Capabilities.Unicode;
            var first = TopView.Render(await TopView.ReadAsync(context.Client, context.Now, context.CancellationToken), unicode);
            try
            {
                await context.Console.Live(first).AutoClear(false).StartAsync(async live =>
                {
                    while (true)
                    {
                        await Task.Delay(every.Value, context.Environment.Time, context.CancellationToken);
                        live.UpdateTarget(TopView.Render(await TopView.ReadAsync(context.Client, context.Now, context.CancellationToken), unicode));
                        live.Refresh();
                    }
                });
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends the view; the last frame stays on the screen.
            }

            return ExitCodes.Ok;
        });
    }
}
