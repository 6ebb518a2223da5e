using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Commands.Jobs;

/// <summary><c>gantry job cancel ID</c>.</summary>
internal static class JobCancelCommand
{
    public static Command Create(CommandBinder binder)
    {
        var id = JobArguments.Id();
        var json = CommandBinder.JsonOption();
        var command = new Command("cancel", "Cancel a job") { id, json };
        return binder.Bind(command, async context =>
        {
            var job = await context.Client.CancelJobAsync(context.Value(id), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(job);
            else if (job.State == JobState.Cancelled)
                await context.WriteLineAsync($"job {job.Id} cancelled");
            else
                await context.WriteLineAsync($"job {job.Id}: cancel requested; it is {JobText.State(job.State)} until it stops");
            return ExitCodes.Ok;
        });
    }
}
