using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Scheduling;
using Gantry.Scheduling.Simulation;

namespace Gantry.Cli.Commands.Scheduling;

/// <summary>
/// <c>gantry sim</c>: replays a trace through the scheduler library in virtual time (no processes,
/// no server) — the Alibaba openb CSVs, or Gantry's own history from <c>gantry job ls --all --json</c>.
/// </summary>
internal static class SimCommand
{
    public static Command Create(CommandBinder binder)
    {
        var nodes = new Option<FileInfo>("--nodes") { Description = "Node list, openb CSV (sn,cpu_milli,memory_mib,gpu,model)", Required = true };
        var pods = new Option<FileInfo>("--pods") { Description = "Tasks: openb pod CSV, or a JSON array of jobs from `gantry job ls --all --json`", Required = true };
        var policy = new Option<string>("--policy") { Description = "random, best-fit, dot-product, fgd, fifo, backfill or gantry", DefaultValueFactory = _ => "gantry" };
        var mode = new Option<string>("--mode") { Description = "inflation (tasks arrive and never leave, FGD paper) or replay (creation and deletion times)", DefaultValueFactory = _ => "inflation" };
        var scale = new Option<double>("--scale-nodes") { Description = "Keep this fraction of the nodes (e.g. 0.125)", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed for sampling and random placement", DefaultValueFactory = _ => 0 };
        var json = CommandBinder.JsonOption();
        var command = new Command("sim", "Simulate a trace through Gantry's scheduler in virtual time") { nodes, pods, policy, mode, scale, seed, json };
        return binder.Bind(command, async context =>
        {
            var simMode = context.Value(mode)?.ToLowerInvariant() switch
            {
                "inflation" => SimulationMode.Inflation,
                "replay" => SimulationMode.Replay,
                _ => throw CliException.Usage($"--mode '{context.Value(mode)}' is not inflation or replay"),
            };
            var nodeList = OpenbTrace.ParseNodes(await ReadAsync(context.Value(nodes)!, context.CancellationToken));
            if (!nodeList.IsOk)
                throw new CliException("--nodes: " + nodeList.Error.Message);
            var podText = await ReadAsync(context.Value(pods)!, context.CancellationToken);
            var podList = podText.TrimStart().StartsWith('[') ? FromHistory(podText) : OpenbTrace.ParsePods(podText);
            if (!podList.IsOk)
                throw new CliException("--pods: " + podList.Error.Message);
            var options = new SimulationOptions(context.Value(policy)!, simMode) { ScaleNodes = context.Value(scale), Seed = context.Value(seed) };
            var result = ClusterSimulator.Run(nodeList.Value, podList.Value, options);
            if (!result.IsOk)
                throw new CliException(result.Error.Message);
            if (context.Value(json))
                await context.WriteJsonAsync(result.Value);
            else
                await context.WriteAsync(Table(result.Value));
            return ExitCodes.Ok;
        });
    }

    private static async Task<string> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
            throw new CliException($"{file.FullName} does not exist");
        return await File.ReadAllTextAsync(file.FullName, cancellationToken);
    }

    /// <summary>Gantry's own finished jobs as trace tasks: submit, start and end times in Unix seconds.</summary>
    internal static Outcome<IReadOnlyList<TracePod>> FromHistory(string json)
    {
        JobView[]? jobs;
        try
        {
            jobs = JsonSerializer.Deserialize<JobView[]>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            return GantryError.Invalid("not a job list from `gantry job ls --all --json`: " + ex.Message);
        }

        var pods = (jobs ?? [])
            .Where(j => j.StartedAt is not null && j.FinishedAt is not null)
            .OrderBy(j => j.SubmittedAt)
            .Select(j => new TracePod(
                $"job-{j.Id}",
                (long)Math.Round(j.Resources.Cpus * 1000),
                j.Resources.MemoryBytes >> 20,
                j.Resources.Gpus,
                j.Resources.GpuFraction is { } f ? (int)Math.Round(f * 1000) : 1000,
                j.Resources.GpuType,
                "",
                j.State.ToString(),
                j.SubmittedAt.ToUnixTimeMilliseconds() / 1000.0,
                j.FinishedAt!.Value.ToUnixTimeMilliseconds() / 1000.0,
                j.StartedAt!.Value.ToUnixTimeMilliseconds() / 1000.0))
            .ToArray();
        return pods.Length == 0
            ? GantryError.Invalid("the job list has no job that ran to an end")
            : Outcome<IReadOnlyList<TracePod>>.Ok(pods);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(GantryJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    private static Spectre.Console.Table Table(SimulationResult r)
    {
        var table = TableFactory.Create("MEASURE", "VALUE");
        void Row(string name, object? value)
        {
            if (value is not null)
                table.AddTextRow(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        }

        Row("policy", r.Policy);
        Row("mode", r.Mode);
        Row("nodes", r.Nodes);
        Row("gpus_total", r.GpusTotal);
        Row("tasks", r.Tasks);
        Row("pods_failed", r.PodsFailed);
        Row("gpu_alloc_ratio", r.GpuAllocRatio?.ToString("0.0000", CultureInfo.InvariantCulture));
        Row("unallocated_gpus", r.UnallocatedGpus?.ToString("0.0", CultureInfo.InvariantCulture));
        Row("avg_wait_s", r.AvgWaitS?.ToString("0.0", CultureInfo.InvariantCulture));
        Row("p95_wait_s", r.P95WaitS?.ToString("0.0", CultureInfo.InvariantCulture));
        Row("max_wait_s", r.MaxWaitS?.ToString("0.0", CultureInfo.InvariantCulture));
        Row("avg_jct_s", r.AvgJctS?.ToString("0.0", CultureInfo.InvariantCulture));
        Row("gpu_utilization", r.GpuUtilization?.ToString("0.000", CultureInfo.InvariantCulture));
        return table;
    }
}
