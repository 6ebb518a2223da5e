using System.CommandLine;
using Gantry.Cli.Commands.Jobs;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli.Commands.Scheduling;

/// <summary><c>gantry job explain ID</c>: why a job is pending, in words.</summary>
internal static class JobExplainCommand
{
    public static Command Create(CommandBinder binder)
    {
        var id = JobArguments.Id();
        var json = CommandBinder.JsonOption();
        var command = new Command("explain", "Say why a job is pending (which quota, which resource, which jobs are ahead, the estimated start)") { id, json };
        return binder.Bind(command, async context =>
        {
            var explanation = await context.Client.ExplainJobAsync(context.Value(id), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(explanation);
            else
                await context.WriteLineAsync(explanation.Summary);
            return ExitCodes.Ok;
        });
    }
}
