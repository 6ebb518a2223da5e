using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Client;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Commands.Jobs;

/// <summary><c>gantry job ls</c>: newest first, one page unless <c>--all</c>.</summary>
internal static class JobListCommand
{
    private const int AllPageSize = 500;

    public static Command Create(CommandBinder binder)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's jobs" };
        var state = new Option<string?>("--state") { Description = "Only jobs in this state: queued, running, succeeded, failed, cancelled, preempted" };
        var user = new Option<string?>("--user") { Description = "Only this user's jobs" };
        var name = new Option<string?>("--name", "-n") { Description = "Only jobs with this name" };
        var arrayId = new Option<long?>("--array-id") { Description = "Only the tasks of this job array" };
        var limit = new Option<int>("--limit") { Description = "How many jobs to show", DefaultValueFactory = _ => 50 };
        var all = new Option<bool>("--all") { Description = "Show every matching job, page after page" };
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List jobs, newest first") { project, state, user, name, arrayId, limit, all, json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            var pageSize = context.Value(limit);
            if (pageSize < 1)
                throw CliException.Usage("--limit must be at least 1");
            var query = new JobQuery
            {
                Project = context.Value(project),
                State = context.Value(state) is { } s ? ParseState(s) : null,
                User = context.Value(user),
                Name = context.Value(name),
                ArrayId = context.Value(arrayId),
            };

            List<JobView> jobs;
            string? more = null;
            if (context.Value(all))
            {
                jobs = [];
                await foreach (var job in context.Client.ListAllJobsAsync(query with { Limit = AllPageSize }, context.CancellationToken))
                    jobs.Add(job);
            }
            else
            {
                var page = await context.Client.ListJobsAsync(query with { Limit = pageSize }, context.CancellationToken);
                jobs = [.. page.Items];
                more = page.NextCursor;
            }

            if (context.Value(json))
                await context.WriteJsonAsync(jobs);
            else if (jobs.Count == 0)
                await context.NoteAsync("no jobs");
            else
                await context.WriteAsync(JobTable.Create(jobs, context.Now));
            if (!string.IsNullOrEmpty(more) && !context.Value(json))
                await context.NoteAsync($"showing the newest {jobs.Count}; there are more: use --all or --limit");
            return ExitCodes.Ok;
        });
    }

    private static JobState ParseState(string text) =>
        Enum.TryParse<JobState>(text, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(text, out _)
            ? state
            : throw CliException.Usage($"--state '{text}' must be one of {string.Join(", ", Enum.GetNames<JobState>().Select(n => n.ToLowerInvariant()))}");
}
