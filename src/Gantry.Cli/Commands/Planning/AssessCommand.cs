using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Client;
using Gantry.Core.Api;
using Gantry.Planning;

namespace Gantry.Cli.Commands.Planning;

/// <summary>
/// <c>gantry assess [--workload plan.json] [--json]</c>: what the cluster (or this machine) has, its measured disk
/// and network, the gaps to a planned workload, and GPU allocation from Gantry's own history.
/// </summary>
internal static class AssessCommand
{
    /// <summary>How long the server may take to answer before it counts as unreachable.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public const string UtilisationNote =
        "Measured GPU utilisation (SM activity) comes with GPU telemetry (the monitoring issue); until then Gantry "
        + "measures allocation: the share of GPU-hours jobs held, busy or not.";

    public static Command Create(CommandBinder binder)
    {
        var workload = new Option<string?>("--workload") { Description = "A plan from `gantry plan train|finetune|serve --json` to hold against this hardware", HelpName = "plan.json" };
        var dir = new Option<string?>("--dir") { Description = "Where to measure the disk [default: the data directory if present, else the current one]", HelpName = "DIR" };
        var days = new Option<int>("--days") { Description = "Days of job history to measure allocation over", DefaultValueFactory = _ => 30 };
        var catalog = new Option<string?>("--catalog") { Description = "Your planning catalog YAML, merged over the built-in one", HelpName = "FILE" };
        var diskBytes = new Option<long>("--disk-test-bytes") { Hidden = true, DefaultValueFactory = _ => DiskProbe.DefaultBytes };
        var netBytes = new Option<long>("--net-test-bytes") { Hidden = true, DefaultValueFactory = _ => DiskProbe.DefaultBytes };
        var json = CommandBinder.JsonOption();
        var command = new Command("assess", "What this cluster or machine has (GPUs, CPUs, memory, measured disk and network), the gaps to a planned workload, and GPU allocation history")
        {
            workload, dir, days, catalog, diskBytes, netBytes, json,
        };
        return binder.Bind(command, async context =>
        {
            if (context.Value(days) is < 1 or > 366)
                throw CliException.Usage("--days must be from 1 to 366");
            if (context.Value(diskBytes) < 0 || context.Value(netBytes) < 0)
                throw CliException.Usage("test sizes must not be negative");
            var planner = PlanRunner.PlannerFor(context, catalog);

            // Read the workload first: a bad file should fail before minutes of measuring.
            WorkloadNeeds? needs = null;
            string? workloadPath = null;
            if (context.Value(workload) is { } file)
            {
                workloadPath = Path.GetFullPath(file, context.Environment.WorkingDirectory);
                needs = await ReadWorkloadAsync(context, workloadPath, planner);
            }

            var (server, client, cluster) = await ConnectAsync(context);
            using (client)
            {
                var machine = cluster is { } found
                    ? MachineSurvey.FromServer(found.Nodes, found.Gpus, planner.Catalog)
                    : await MachineSurvey.LocalAsync(planner.Catalog, context.Environment.Time, context.CancellationToken);
                var disk = await DiskProbe.MeasureAsync(DiskDirectory(context, context.Value(dir)), context.Value(diskBytes), context.Environment.Time, context.CancellationToken);
                var network = await MeasureNetworkAsync(context, client, server, context.Value(netBytes));
                var (history, historyProblem) = await HistoryAsync(context, client, context.Value(days));

                var notes = new List<string> { UtilisationNote };
                if (historyProblem is not null)
                    notes.Add(historyProblem);
                if (client is null)
                    notes.Add("No Gantry server answered, so there is no job history to measure allocation from; start one with `gantry server --dev`.");
                var report = new AssessReport
                {
                    Server = server,
                    Machine = machine,
                    Disk = disk,
                    Network = network,
                    Workload = needs is null ? null : WorkloadGaps.Assess(workloadPath!, needs, machine, disk),
                    History = history,
                    Notes = notes,
                };
                if (context.Value(json))
                {
                    await context.WriteJsonAsync(report);
                    return ExitCodes.Ok;
                }

                var first = true;
                foreach (var section in AssessSummary.Create(report))
                {
                    if (!first)
                        await context.WriteLineAsync("");
                    await context.WriteAsync(section);
                    first = false;
                }

                return ExitCodes.Ok;
            }
        });
    }

    private static async Task<WorkloadNeeds> ReadWorkloadAsync(CommandContext context, string path, Planner planner)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, context.CancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the workload {path}: {ex.Message}");
        }

        var needs = WorkloadFile.Read(text, path, planner);
        return needs.IsOk ? needs.Value : throw new CliException(needs.Error.Message);
    }

    /// <summary>
    /// A client and the cluster's nodes and GPUs when a server answers with this token; else why not, and the
    /// assessment falls back to this machine.
    /// </summary>
    private static async Task<(AssessServer Server, GantryClient? Client, (IReadOnlyList<NodeView> Nodes, IReadOnlyList<GpuView> Gpus)? Cluster)> ConnectAsync(
        CommandContext context)
    {
        ClientConnection connection;
        try
        {
            connection = context.Connection;
        }
        catch (CliException ex)
        {
            return (new AssessServer(null, false, ex.Message), null, null);
        }

        var client = new GantryClient(connection, context.Environment.HttpHandler, context.Environment.Time) { RequestTimeout = ProbeTimeout };
        try
        {
            var nodes = await client.ListNodesAsync(context.CancellationToken);
            var gpus = await client.ListGpusAsync(context.CancellationToken);
            return (new AssessServer(connection.AddressText, true, null), client, (nodes, gpus));
        }
        catch (Exception ex) when (ex is GantryConnectionException or GantryApiException)
        {
            client.Dispose();
            var why = ex is GantryApiException api ? $"the Gantry server at {connection.AddressText} refused: {api.Detail}" : ex.Message;
            return (new AssessServer(connection.AddressText, false, why), null, null);
        }
    }

    /// <summary>The data directory (GANTRY_DATA_DIR, else ./.gantry) when it exists, else the working directory.</summary>
    private static string DiskDirectory(CommandContext context, string? given)
    {
        var env = context.Environment;
        if (given is not null)
        {
            var full = Path.GetFullPath(given, env.WorkingDirectory);
            return Directory.Exists(full) ? full : throw CliException.Usage($"--dir {full} is not a directory");
        }

        var dataDir = Path.GetFullPath(env.GetVariable("GANTRY_DATA_DIR") is { Length: > 0 } d ? d : ".gantry", env.WorkingDirectory);
        return Directory.Exists(dataDir) ? dataDir : env.WorkingDirectory;
    }

    private static async Task<NetworkMeasurement> MeasureNetworkAsync(CommandContext context, GantryClient? client, AssessServer server, long bytes)
    {
        if (client is null)
            return new NetworkMeasurement { Measured = false, Problem = server.Problem ?? "no Gantry server is reachable" };
        if (bytes == 0)
            return new NetworkMeasurement { Measured = false, From = server.Address, Problem = "not measured (--net-test-bytes 0)" };
        try
        {
            var time = context.Environment.Time;
            var started = time.GetTimestamp();
            var received = await client.DownloadAssessBlobAsync(bytes, context.CancellationToken);
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            return new NetworkMeasurement
            {
                Measured = true,
                From = server.Address,
                Bytes = received,
                Seconds = seconds,
                MbPerS = seconds > 0 ? received / 1e6 / seconds : null,
            };
        }
        catch (Exception ex) when (ex is GantryConnectionException or GantryApiException)
        {
            var why = ex is GantryApiException api ? api.Detail : ex.Message;
            return new NetworkMeasurement { Measured = false, From = server.Address, Problem = why };
        }
    }

    private static async Task<(AllocationHistoryView? History, string? Problem)> HistoryAsync(CommandContext context, GantryClient? client, int days)
    {
        if (client is null)
            return (null, null);
        try
        {
            return (await client.GetAllocationHistoryAsync(days, context.CancellationToken), null);
        }
        catch (Exception ex) when (ex is GantryConnectionException or GantryApiException)
        {
            return (null, "allocation history unavailable: " + (ex is GantryApiException api ? api.Detail : ex.Message));
        }
    }
}
