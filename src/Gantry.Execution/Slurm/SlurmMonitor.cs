using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Slurm;

/// <summary>
/// Watches the executor's Slurm jobs with one <c>squeue</c> call per poll interval for all of them (not one process per
/// job): tells who waits for a job's start when it leaves PENDING, and asks <c>scontrol show job</c> for the exit code
/// of each job once it is final or gone from the queue. Array
/// tasks are watched by their <c>123_4</c> ids; <c>squeue -r</c> lists each of them on its own line, pending ones too.
/// </summary>
internal sealed class SlurmMonitor(SlurmCli cli, SlurmExecutorOptions options, ILogger logger, TimeProvider time) : IAsyncDisposable
{
    private const int IdsPerCall = 200;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<TaskCompletionSource<SlurmJobState?>>> _waiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskCompletionSource>> _startWaiters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>A job's state from <c>scontrol show job</c>: Known is false when Slurm could not be asked; State is null when Slurm no longer knows the job.</summary>
    public async Task<(bool Known, SlurmJobState? State)> QueryAsync(string slurmJobId, CancellationToken cancellationToken)
    {
        var result = await cli.RunAsync("scontrol", ["show", "job", "-o", slurmJobId], null, cancellationToken);
        if (result.Succeeded)
            return (true, SlurmJobState.ParseScontrol(result.Stdout));
        return IsUnknownJob(result) ? (true, null) : (false, null);
    }

    /// <summary>Completes with the job's final state (null: Slurm forgot it) once the poller sees it end.</summary>
    public async Task<SlurmJobState?> WaitFinalAsync(string slurmJobId, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<SlurmJobState?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_waiters.TryGetValue(slurmJobId, out var list))
                _waiters[slurmJobId] = list = [];
            list.Add(waiter);
            _loop ??= Task.Run(() => PollLoopAsync(_stop.Token), CancellationToken.None);
        }

        try
        {
            return await waiter.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            if (!waiter.Task.IsCompleted)
                Remove(slurmJobId, waiter);
        }
    }

    /// <summary>Completes once the poller sees the job leave PENDING (running, or already ended or gone).</summary>
    public async Task WaitStartedAsync(string slurmJobId, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_startWaiters.TryGetValue(slurmJobId, out var list))
                _startWaiters[slurmJobId] = list = [];
            list.Add(waiter);
            _loop ??= Task.Run(() => PollLoopAsync(_stop.Token), CancellationToken.None);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            if (!waiter.Task.IsCompleted)
            {
                lock (_gate)
                {
                    if (_startWaiters.TryGetValue(slurmJobId, out var list) && list.Remove(waiter) && list.Count == 0)
                        _startWaiters.Remove(slurmJobId);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is { } loop)
            await loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private void Remove(string slurmJobId, TaskCompletionSource<SlurmJobState?> waiter)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue(slurmJobId, out var list) && list.Remove(waiter) && list.Count == 0)
                _waiters.Remove(slurmJobId);
        }
    }

    private async Task PollLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.PollInterval, time, stop);
                await PollOnceAsync(stop);
                lock (_gate)
                {
                    // Nothing left to watch: stop polling; the next waiter starts a new loop.
                    if (_waiters.Count == 0 && _startWaiters.Count == 0)
                    {
                        _loop = null;
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.SlurmPollFailed(e.Message, options.PollInterval.TotalSeconds);
            }
        }
    }

    private async Task PollOnceAsync(CancellationToken stop)
    {
        string[] ids;
        lock (_gate)
            ids = [.. _waiters.Keys.Union(_startWaiters.Keys)];
        foreach (var chunk in ids.Chunk(IdsPerCall))
        {
            var result = await cli.RunAsync("squeue", ["-h", "-r", "-t", "all", "-j", string.Join(',', chunk), "-o", "%i|%T|%r"], null, stop);
            Dictionary<string, SlurmJobState> states;
            if (result.Succeeded)
                states = SlurmJobState.ParseSqueue(result.Stdout);
            else if (IsUnknownJob(result))
                states = [];
            else
            {
                logger.SlurmPollFailed("squeue: " + result.Error, options.PollInterval.TotalSeconds);
                continue;
            }

            foreach (var id in chunk)
            {
                var listed = states.GetValueOrDefault(id);
                if (listed is not ({ IsPending: true } or { State: "CONFIGURING" }))
                    CompleteStarted(id);
                if (listed is { IsFinal: false })
                    continue;
                lock (_gate)
                {
                    if (!_waiters.ContainsKey(id))
                        continue;
                }

                // Final, or gone from the queue: scontrol has the exit code while Slurm still remembers the job.
                var (known, state) = await QueryAsync(id, stop);
                if (!known || state is { IsFinal: false })
                    continue;
                Complete(id, state);
            }
        }
    }

    private void CompleteStarted(string slurmJobId)
    {
        List<TaskCompletionSource>? list;
        lock (_gate)
        {
            if (!_startWaiters.Remove(slurmJobId, out list))
                return;
        }

        foreach (var waiter in list)
            waiter.TrySetResult();
    }

    private void Complete(string slurmJobId, SlurmJobState? state)
    {
        List<TaskCompletionSource<SlurmJobState?>>? list;
        lock (_gate)
        {
            if (!_waiters.Remove(slurmJobId, out list))
                return;
        }

        foreach (var waiter in list)
            waiter.TrySetResult(state);
    }

    // "Invalid job id specified" (stderr) for a job; "Job 123_4 not found" (stdout) for an array task Slurm no longer
    // holds: one cancelled while still pending leaves no record of its own.
    internal static bool IsUnknownJob(SlurmCommandResult result) =>
        result.ExitCode > 0 && (result.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) || IsTaskNotFound(result.Stdout.Trim()));

    private static bool IsTaskNotFound(string text) =>
        text.StartsWith("Job ", StringComparison.Ordinal) && text.EndsWith(" not found", StringComparison.Ordinal) && !text.Contains('\n', StringComparison.Ordinal);
}
