using Gantry.Core;
using Gantry.Core.Hardware;
using Gantry.Core.Jobs;
using Gantry.Execution.Distributed;
using Gantry.Execution.Local;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Slurm;

/// <summary>
/// Runs each task attempt as a Slurm batch job: nodes and GRES GPUs from <c>sinfo</c>, submission with <c>sbatch</c>
/// on the node Gantry placed it (<c>--nodelist</c>) with its CPUs, memory, GPUs and time limit, states from
/// <c>squeue</c>/<c>scontrol</c>, stop with <c>scancel</c>, logs from the job's output files in its job directory.
/// Handles name the Slurm job id, so a restarted server re-attaches.
/// </summary>
public sealed partial class SlurmExecutor : IExecutor, IAsyncDisposable
{
    private readonly SlurmExecutorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SlurmCli _cli;
    private readonly SlurmMonitor _monitor;

    /// <summary>
    /// Creates a Slurm executor. <paramref name="timeProvider"/> (default: the system clock) paces the polling of job
    /// states and times the cancel grace period.
    /// </summary>
    public SlurmExecutor(SlurmExecutorOptions options, ILogger<SlurmExecutor>? logger = null, TimeProvider? timeProvider = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _cli = new SlurmCli(options, _logger, _time);
        _monitor = new SlurmMonitor(_cli, options, _logger, _time);
    }

    /// <inheritdoc />
    public string Kind => "slurm";

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInventory>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var args = new List<string> { "-N", "-h", "-o", SinfoParser.Format };
        if (_options.Partition is { } partition)
            args.AddRange(["-p", partition]);
        var result = await _cli.RunAsync("sinfo", args, null, cancellationToken);
        if (!result.Succeeded)
        {
            _logger.SlurmDiscoveryFailed("sinfo: " + result.Error);
            return [];
        }

        var parsed = SinfoParser.Parse(result.Stdout, _options);
        foreach (var skipped in parsed.Skipped)
            _logger.SlurmNodeSkipped(skipped.Split(':')[0], skipped);
        if (parsed.Nodes.Count == 0)
            _logger.SlurmDiscoveryFailed(_options.Partition is { } p ? $"partition {p} has no node that takes work" : "no node takes work");
        foreach (var node in parsed.Nodes)
            _logger.NodeDiscovered(node.Name, node.Cpus, node.MemoryBytes, node.Accelerators.Count, "slurm");
        return parsed.Nodes;
    }

    /// <inheritdoc />
    public async Task<Outcome<LaunchedTask>> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var outcome = await SubmitAsync(request, cancellationToken);
        if (!outcome.IsOk)
            _logger.LaunchFailed(request.JobId, request.Attempt, outcome.Error.Message);
        return outcome;
    }

    /// <inheritdoc />
    public Stream? OpenLog(LaunchRequest request, LogStream stream)
    {
        var path = Path.Combine(Path.GetFullPath(request.JobDirectory), stream == LogStream.Stderr ? BatchScript.StderrLog : BatchScript.StdoutLog);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _monitor.DisposeAsync();

    private async Task<Outcome<LaunchedTask>> SubmitAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        return prepared.IsOk ? await SubmitPreparedAsync(prepared.Value, cancellationToken) : prepared.Error;
    }

    private async Task<Outcome<LaunchedTask>> SubmitPreparedAsync(ArrayElement element, CancellationToken cancellationToken)
    {
        var (request, command, jobDirectory, exitFile) = element;
        var script = BatchScript.Render(request, command, jobDirectory, exitFile);
        var result = await _cli.RunAsync("sbatch", BatchScript.SbatchArguments(request, _options, jobDirectory), script, cancellationToken);
        var slurmJobId = SubmittedId(result);
        if (!slurmJobId.IsOk)
            return slurmJobId.Error;
        var handle = new SlurmHandle(slurmJobId.Value, jobDirectory, request.Attempt);
        _logger.SlurmSubmitted(request.JobId, request.Attempt, slurmJobId.Value, string.Join(',', request.AllNodes));
        return new LaunchedTask(handle.Format(), Path.Combine(jobDirectory, "output"));
    }

    /// <summary>The job id <c>sbatch --parsable</c> printed ("id" or "id;cluster"), or why there is none.</summary>
    private static Outcome<string> SubmittedId(SlurmCommandResult result)
    {
        if (!result.Succeeded)
            return GantryError.Invalid("sbatch refused the job: " + result.Error);
        var slurmJobId = result.Stdout.Trim().Split(';')[0].Trim();
        if (!SlurmHandle.IsJobId(slurmJobId))
            return GantryError.Invalid($"sbatch answered '{result.Stdout.Trim()}', not a job id");
        return slurmJobId;
    }

    /// <summary>
    /// Checks the request and readies its job directory (working and output directories, the attempt marker in the
    /// logs, no exit file of an earlier try), returning what the batch script runs.
    /// </summary>
    private async Task<Outcome<ArrayElement>> PrepareAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        if (request.Command.Count == 0 || string.IsNullOrEmpty(request.Command[0]))
            return GantryError.Invalid("the command is empty");
        if (request.Attempt < 1)
            return GantryError.Invalid($"attempt {request.Attempt} is not a positive number");
        if (string.IsNullOrWhiteSpace(request.JobDirectory))
            return GantryError.Invalid("the job directory is not set");

        var command = request.Command;
        if (request.Distributed is { Framework: DistributedRequest.Spark } spark)
        {
            var layout = DistributedLayout.For(spark, request.AllNodes, request.JobId);
            var master = DistributedEnvironment.SparkMaster(layout, request.Env, request.Cpus);
            if (!master.IsOk)
                return master.Error;
            command = DistributedEnvironment.SparkSubmit(command, master.Value, BatchScript.JobName(_options, request.JobId));
        }

        var jobDirectory = Path.GetFullPath(request.JobDirectory);
        var exitFile = ExitFiles.PathFor(jobDirectory, request.Attempt);
        try
        {
            Directory.CreateDirectory(Path.Combine(jobDirectory, "work"));
            Directory.CreateDirectory(Path.Combine(jobDirectory, "output"));
            if (request.Attempt > 1)
            {
                var marker = $"--- gantry: attempt {request.Attempt} ---\n";
                await File.AppendAllTextAsync(Path.Combine(jobDirectory, BatchScript.StdoutLog), marker, cancellationToken);
                await File.AppendAllTextAsync(Path.Combine(jobDirectory, BatchScript.StderrLog), marker, cancellationToken);
            }

            // A relaunch of the same attempt must not find the status of the one before.
            File.Delete(exitFile);
            File.Delete(exitFile + ".tmp");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return GantryError.Invalid($"cannot prepare the job directory {jobDirectory}: {e.Message}");
        }

        return new ArrayElement(request, command, jobDirectory, exitFile);
    }
}
