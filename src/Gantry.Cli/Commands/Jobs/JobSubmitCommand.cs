using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Infrastructure;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Cli.Commands.Jobs;

/// <summary><c>gantry job submit [flags] -- CMD ARGS…</c>.</summary>
internal static class JobSubmitCommand
{
    public static Command Create(CommandBinder binder)
    {
        var file = new Option<string?>("--file", "-f") { Description = "Job spec in YAML; flags override its fields", HelpName = "job.yaml" };
        var name = new Option<string?>("--name", "-n") { Description = "Job name [default: job]" };
        var project = new Option<string?>("--project", "-p") { Description = "Project to run in" };
        var gpus = new Option<int?>("--gpus") { Description = "GPUs per node" };
        var gpuType = new Option<string?>("--gpu-type") { Description = "GPU model, e.g. a100 or h100" };
        var cpus = new Option<double?>("--cpus") { Description = "CPUs per node [default: 1]" };
        var memory = new Option<string?>("--memory") { Description = "Memory per node: 512Mi, 4Gi [default: 512Mi]", HelpName = "QUANTITY" };
        var nodes = new Option<int?>("--nodes") { Description = "Nodes, all started together [default: 1]" };
        var priority = new Option<int?>("--priority") { Description = "Higher runs first within a project [default: 0]" };
        var maxRetries = new Option<int?>("--max-retries") { Description = "Retries after a failure [default: 0]" };
        var timeLimit = new Option<string?>("--time-limit") { Description = "Limit per attempt: 90s, 30m, 2h, 1d, 01:30:00", HelpName = "DURATION" };
        var array = new Option<string?>("--array") { Description = "Job array indices: 0-99, 0-99:10, 1,3,5-7", HelpName = "RANGE" };
        var env = new Option<string[]>("--env", "-e") { Description = "Environment variable for the job (repeatable)", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };
        var pool = new Option<string?>("--pool") { Description = "Pool to run in" };
        var preemptible = new Option<bool>("--preemptible") { Description = "May be stopped to make room for other work" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the job to end and exit like `gantry job wait`" };
        var json = CommandBinder.JsonOption();
        var argv = new Argument<string[]>("COMMAND") { Description = "The program and its arguments, after --", Arity = ArgumentArity.ZeroOrMore };

        var command = new Command("submit", "Submit a job: gantry job submit --gpus 1 -- python3 train.py")
        {
            file, name, project, gpus, gpuType, cpus, memory, nodes, priority, maxRetries, timeLimit, array, env, pool, preemptible, wait, json, argv,
        };
        return binder.Bind(command, async context =>
        {
            var flags = new JobSpecFlags
            {
                Name = context.Value(name),
                Project = context.Value(project),
                Gpus = context.Value(gpus),
                GpuType = context.Value(gpuType),
                Cpus = context.Value(cpus),
                Memory = context.Value(memory),
                Nodes = context.Value(nodes),
                Priority = context.Value(priority),
                MaxRetries = context.Value(maxRetries),
                TimeLimit = context.Value(timeLimit),
                Array = context.Value(array),
                Env = context.Value(env) ?? [],
                Pool = context.Value(pool),
                Preemptible = context.Given(preemptible) ? context.Value(preemptible) : null,
                Command = context.Value(argv) ?? [],
            };
            var yaml = context.Value(file) is { } path ? await ReadFileAsync(context, path) : null;
            var spec = JobSpecBuilder.Build(yaml, flags);
            if (!spec.IsOk)
                throw CliException.Usage(spec.Error.Message);

            var submitted = await context.Client.SubmitJobAsync(spec.Value, context.CancellationToken);
            if (!context.Value(wait))
            {
                if (context.Value(json))
                    await context.WriteJsonAsync(submitted);
                else
                    await context.WriteLineAsync(Describe(submitted));
                if (!context.Value(json) && submitted.Burst is { } burst)
                    await context.NoteAsync(burst.Summary);
                return ExitCodes.Ok;
            }

            if (!context.Value(json))
                await context.NoteAsync(Describe(submitted));
            return await WaitAllAsync(context, submitted, context.Value(json));
        });
    }

    /// <summary>"12" for one job (easy to capture in a script), "array 7: 100 jobs (12-111)" for an array.</summary>
    internal static string Describe(SubmitResponse submitted)
    {
        var ids = submitted.JobIds;
        if (submitted.ArrayId is not { } arrayId)
            return string.Join('\n', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var span = ids.Count == 0 ? "" : $" ({ids.Min()}-{ids.Max()})";
        return $"array {arrayId}: {ids.Count} job{(ids.Count == 1 ? "" : "s")}{span}";
    }

    private static async Task<int> WaitAllAsync(CommandContext context, SubmitResponse submitted, bool json)
    {
        var finals = new List<JobView>();
        var worst = ExitCodes.Ok;
        foreach (var id in submitted.JobIds)
        {
            var job = await JobWaiter.WaitAsync(context, id, timeout: null);
            finals.Add(job);
            if (!json)
                await context.WriteLineAsync(Output.JobText.Outcome(job, context.Now));
            worst = Math.Max(worst, JobWaiter.ExitCodeFor(job));
        }

        if (json)
        {
            if (finals.Count == 1)
                await context.WriteJsonAsync(finals[0]);
            else
                await context.WriteJsonAsync(finals);
        }

        return worst;
    }

    private static async Task<string> ReadFileAsync(CommandContext context, string path)
    {
        var full = Path.GetFullPath(path, context.Environment.WorkingDirectory);
        try
        {
            return await File.ReadAllTextAsync(full, context.CancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read the job file {path}: {ex.Message}");
        }
    }
}
