using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Spectre.Console;

namespace Gantry.Cli.Commands.Jobs;

/// <summary>Waits for a job the way <c>job wait</c> and <c>job submit --wait</c> share: a spinner on a terminal, silence elsewhere.</summary>
internal static class JobWaiter
{
    /// <summary>The job when final, or as last seen when <paramref name="timeout"/> passed first.</summary>
    public static async Task<JobView> WaitAsync(CommandContext context, long id, TimeSpan? timeout)
    {
        var client = context.Client;
        if (!context.Environment.IsTerminal)
            return await client.WaitForJobAsync(id, timeout, progress: null, context.CancellationToken);

        return await context.Console.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync($"waiting for job {id}", async status =>
            {
                var progress = new CallbackProgress<JobView>(job =>
                    status.Status(Markup.Escape($"waiting for job {id}: {JobText.State(job.State)}"
                        + (job.Reason is { Length: > 0 } r && !job.State.IsFinal() ? $" ({r})" : ""))));
                return await client.WaitForJobAsync(id, timeout, progress, context.CancellationToken);
            });
    }

    /// <summary>0 when the job succeeded, 1 when it failed or was cancelled, 3 when it is not final yet (timed out).</summary>
    public static int ExitCodeFor(JobView job) => job.State switch
    {
        JobState.Succeeded => ExitCodes.Ok,
        JobState.Failed or JobState.Cancelled => ExitCodes.Failure,
        _ => ExitCodes.Timeout,
    };
}
