using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Text;

namespace Gantry.Cli.Commands.Jobs;

/// <summary><c>gantry job wait ID [--timeout 10m]</c>: exit 0 succeeded, 1 failed or cancelled, 3 timed out.</summary>
internal static class JobWaitCommand
{
    public static Command Create(CommandBinder binder)
    {
        var id = JobArguments.Id();
        var timeout = new Option<string?>("--timeout") { Description = "Give up after this long (exit 3): 90s, 10m, 2h [default: no limit]", HelpName = "DURATION" };
        var json = CommandBinder.JsonOption();
        var command = new Command("wait", "Wait for a job to end; exit 0 only when it succeeded") { id, timeout, json };
        return binder.Bind(command, async context =>
        {
            TimeSpan? limit = null;
            if (context.Value(timeout) is { } text)
            {
                var parsed = DurationText.Parse(text, "--timeout");
                if (!parsed.IsOk)
                    throw CliException.Usage(parsed.Error.Message);
                limit = parsed.Value;
            }

            var jobId = context.Value(id);
            var job = await JobWaiter.WaitAsync(context, jobId, limit);
            var code = JobWaiter.ExitCodeFor(job);
            if (code == ExitCodes.Timeout)
                await context.NoteAsync($"timed out after {DurationText.Format(limit ?? TimeSpan.Zero)} waiting for job {jobId}");
            if (context.Value(json))
                await context.WriteJsonAsync(job);
            else
                await context.WriteLineAsync(JobText.Outcome(job, context.Now));
            return code;
        });
    }
}
