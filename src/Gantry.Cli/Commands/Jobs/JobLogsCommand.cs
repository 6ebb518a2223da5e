using System.CommandLine;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli.Commands.Jobs;

/// <summary><c>gantry job logs ID [--stderr] [--follow]</c>: the job's output, as raw text.</summary>
internal static class JobLogsCommand
{
    public static Command Create(CommandBinder binder)
    {
        var id = JobArguments.Id();
        var stderr = new Option<bool>("--stderr") { Description = "Show standard error instead of standard output" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing until the job ends" };
        var command = new Command("logs", "Print a job's output") { id, stderr, follow };
        return binder.Bind(command, async context =>
        {
            var output = context.Environment.Output;
            var chunks = context.Client.ReadJobLogsAsync(context.Value(id), context.Value(stderr), context.Value(follow), context.CancellationToken);
            await foreach (var chunk in chunks)
            {
                await output.WriteAsync(chunk.AsMemory(), context.CancellationToken);
                await output.FlushAsync(context.CancellationToken);
            }

            return ExitCodes.Ok;
        });
    }
}
