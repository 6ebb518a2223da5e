using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using Gantry.Core;
using Gantry.Core.Hardware;
using Gantry.Execution.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Local;

/// <summary>
/// Runs each task attempt as a child process of this machine, in its own session and process group,
/// with its logs and exit status in files of the job directory so it outlives a server restart.
/// </summary>
public sealed partial class LocalExecutor : IExecutor
{
    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];

    private readonly LocalExecutorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HardwareDiscovery _discovery;
    private readonly ConcurrentDictionary<int, LaunchedProcess> _launched = new();

    /// <summary>
    /// Creates a local executor. <paramref name="timeProvider"/> (default: the system clock) times the cancel
    /// grace period and paces the polling of re-attached tasks, so it must advance in real time while tasks run.
    /// </summary>
    public LocalExecutor(LocalExecutorOptions options, ILogger<LocalExecutor>? logger = null, TimeProvider? timeProvider = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _discovery = new HardwareDiscovery(options, _logger, _time);
    }

    /// <inheritdoc />
    public string Kind => "local";

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInventory>> DiscoverAsync(CancellationToken cancellationToken) =>
        [await _discovery.DiscoverAsync(cancellationToken)];

    /// <inheritdoc />
    public Task<Outcome<LaunchedTask>> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = Launch(request);
        if (!outcome.IsOk)
            _logger.LaunchFailed(request.JobId, request.Attempt, outcome.Error.Message);
        return Task.FromResult(outcome);
    }

    /// <inheritdoc />
    public Stream? OpenLog(LaunchRequest request, LogStream stream)
    {
        var path = Path.Combine(Path.GetFullPath(request.JobDirectory), LogFileName(stream));
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string LogFileName(LogStream stream) => stream == LogStream.Stderr ? "stderr.log" : "stdout.log";

    private Outcome<LaunchedTask> Launch(LaunchRequest request)
    {
        if (request.Command.Count == 0 || string.IsNullOrEmpty(request.Command[0]))
            return GantryError.Invalid("the command is empty");
        if (request.Attempt < 1)
            return GantryError.Invalid($"attempt {request.Attempt} is not a positive number");
        if (string.IsNullOrWhiteSpace(request.JobDirectory))
            return GantryError.Invalid("the job directory is not set");
        var setsid = SetsidPaths.FirstOrDefault(File.Exists);
        if (setsid is null)
            return GantryError.Invalid("setsid (util-linux) is not installed; the local executor needs it: apt-get install util-linux");
        var distributed = LocalDistributed.Prepare(request);
        if (!distributed.IsOk)
            return distributed.Error;

        var jobDirectory = Path.GetFullPath(request.JobDirectory);
        var workDirectory = Path.Combine(jobDirectory, "work");
        var outputDirectory = Path.Combine(jobDirectory, "output");
        var stdoutLog = Path.Combine(jobDirectory, LogFileName(LogStream.Stdout));
        var stderrLog = Path.Combine(jobDirectory, LogFileName(LogStream.Stderr));
        var exitFile = ExitFiles.PathFor(jobDirectory, request.Attempt);
        try
        {
            Directory.CreateDirectory(workDirectory);
            Directory.CreateDirectory(outputDirectory);
            if (request.Attempt > 1)
            {
                var marker = $"--- gantry: attempt {request.Attempt} ---\n";
                AppendMarker(stdoutLog, marker);
                AppendMarker(stderrLog, marker);
            }

            // A relaunch of the same attempt must not find the status of the one before.
            File.Delete(exitFile);
            File.Delete(exitFile + ".tmp");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return GantryError.Invalid($"cannot prepare the job directory {jobDirectory}: {e.Message}");
        }

        var startInfo = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in (string[])["/bin/sh", "-c", TaskWrapper.Script, TaskWrapper.Name, exitFile, stdoutLog, stderrLog])
            startInfo.ArgumentList.Add(argument);
        foreach (var argument in distributed.Value.Command)
            startInfo.ArgumentList.Add(argument);
        TaskEnvironment.Apply(startInfo.Environment, request, outputDirectory);
        foreach (var (key, value) in distributed.Value.Env)
            startInfo.Environment[key] = value;

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
        {
            process.Dispose();
            return GantryError.Invalid($"cannot start the task: {e.Message}");
        }

        // setsid does not fork (a fresh child is never a group leader), so this pid leads the task's
        // session and process group. A task that already ended and was reaped has no start time (0).
        var handle = new LocalHandle(process.Id, ProcStat.Read(process.Id)?.StartTime ?? 0, jobDirectory, request.Attempt);
        Track(process, handle);
        _logger.TaskLaunched(request.JobId, request.Attempt, handle.Pid, request.Node);
        return new LaunchedTask(handle.Format(), outputDirectory);
    }

    private static void AppendMarker(string path, string marker)
    {
        using var log = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        var needsNewline = false;
        if (log.Length > 0)
        {
            log.Seek(-1, SeekOrigin.End);
            needsNewline = log.ReadByte() != '\n';
        }

        log.Seek(0, SeekOrigin.End);
        var bytes = System.Text.Encoding.UTF8.GetBytes(needsNewline ? "\n" + marker : marker);
        log.Write(bytes);
    }

    private void Track(Process process, LocalHandle handle)
    {
        // The monitor waits until its entry is registered, so it cannot remove it before it exists.
        var registered = new TaskCompletionSource<LaunchedProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = new LaunchedProcess(handle, MonitorAsync(process, registered.Task));
        _launched[handle.Pid] = entry;
        registered.SetResult(entry);
    }

    private async Task<TaskExit> MonitorAsync(Process process, Task<LaunchedProcess> registered)
    {
        var entry = await registered;
        var handle = entry.Handle;
        try
        {
            await process.WaitForExitAsync(CancellationToken.None);
            var status = process.ExitCode;
            var exit = ExitFiles.TryRead(handle.ExitFile);
            if (exit is null)
            {
                // The wrapper itself was killed before it could record anything: .NET reports a signal
                // death as 128+N. Record it so that a later reader (another server) learns it too.
                ExitFiles.WriteIfAbsent(handle.ExitFile, status > 128 ? $"signal {status - 128}" : $"{status}");
                exit = ExitFiles.TryRead(handle.ExitFile) ?? ExitFiles.FromStatus(status);
            }

            _logger.TaskExited(handle.Pid, handle.JobDirectory, handle.Attempt, exit.ExitCode, exit.Signal);
            return exit;
        }
        finally
        {
            process.Dispose();

            // Only this entry: the pid may already belong to a newer task of this executor.
            _launched.TryRemove(KeyValuePair.Create(handle.Pid, entry));
        }
    }
}
