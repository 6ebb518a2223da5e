using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands.Jobs;

/// <summary><c>gantry job get ID</c>.</summary>
internal static class JobGetCommand
{
    public static Command Create(CommandBinder binder)
    {
        var id = JobArguments.Id();
        var json = CommandBinder.JsonOption();
        var command = new Command("get", "Show one job in detail") { id, json };
        return binder.Bind(command, async context =>
        {
            var job = await context.Client.GetJobAsync(context.Value(id), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(job);
            else
                await context.WriteAsync(JobDetails.Create(job, context.Now));
            return ExitCodes.Ok;
        });
    }
}
