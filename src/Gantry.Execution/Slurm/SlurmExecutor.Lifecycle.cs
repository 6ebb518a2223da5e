using Gantry.Execution.Local;

namespace Gantry.Execution.Slurm;

/// <summary>Watching and stopping Slurm jobs, whether this instance submitted them or re-attached after a restart.</summary>
public sealed partial class SlurmExecutor
{
    private static readonly TimeSpan KillConfirmation = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(365);
    private static readonly TimeSpan MaxCancelPoll = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public async Task<bool> IsAliveAsync(string handle, CancellationToken cancellationToken)
    {
        if (!SlurmHandle.TryParse(handle, out var parsed))
        {
            _logger.SlurmBadHandle(handle);
            return false;
        }

        // When Slurm cannot be asked, say alive: the job is then watched, and its end read once Slurm answers.
        var (known, state) = await _monitor.QueryAsync(parsed.SlurmJobId, cancellationToken);
        return !known || state is { IsFinal: false };
    }

    /// <inheritdoc />
    public async Task<TaskExit> WaitForExitAsync(string handle, CancellationToken cancellationToken)
    {
        if (!SlurmHandle.TryParse(handle, out var parsed))
        {
            _logger.SlurmBadHandle(handle);
            return new TaskExit(null, null, $"'{handle}' is not a handle of the Slurm executor");
        }

        var state = await _monitor.WaitFinalAsync(parsed.SlurmJobId, cancellationToken);
        var recorded = ExitFiles.TryRead(parsed.ExitFile);
        var exit = state is null
            ? recorded ?? new TaskExit(null, null, $"Slurm no longer knows job {parsed.SlurmJobId} and it left no exit status")
            : state.ToExit(recorded);
        _logger.SlurmJobEnded(parsed.SlurmJobId, state?.State ?? "forgotten", exit.ExitCode, exit.Signal);
        return exit;
    }

    /// <inheritdoc />
    public async Task CancelAsync(string handle, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!SlurmHandle.TryParse(handle, out var parsed))
        {
            _logger.SlurmBadHandle(handle);
            return;
        }

        var id = parsed.SlurmJobId;
        var (known, state) = await _monitor.QueryAsync(id, cancellationToken);
        if (known && state is null or { IsFinal: true })
            return;

        // A job still waiting in Slurm has no process to warn: it is simply withdrawn.
        if (state is { IsPending: true })
        {
            await ScancelAsync(id, [], cancellationToken);
            await WaitUntilFinalAsync(id, KillConfirmation, cancellationToken);
            return;
        }

        // SIGTERM to every process of the job, the batch script included (--full): the job may checkpoint and exit.
        var signalled = await _cli.RunAsync("scancel", ["--full", "--signal=TERM", id], null, cancellationToken);
        if (!signalled.Succeeded)
        {
            // It may have been pending after all, or just ended: the plain scancel settles both.
            await ScancelAsync(id, [], cancellationToken);
        }
        else
        {
            _logger.SlurmTermSent(id, grace.TotalSeconds);
            if (await WaitUntilFinalAsync(id, grace, cancellationToken))
                return;
            _logger.SlurmKillSent(id);
            await ScancelAsync(id, [], cancellationToken);
        }

        await WaitUntilFinalAsync(id, KillConfirmation, cancellationToken);
    }

    private async Task ScancelAsync(string id, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        var result = await _cli.RunAsync("scancel", [.. options, id], null, cancellationToken);
        if (!result.Succeeded)
            _logger.SlurmCancelFailed(id, result.Error);
    }

    private async Task<bool> WaitUntilFinalAsync(string id, TimeSpan limit, CancellationToken cancellationToken)
    {
        // Clamped so that a "forever" grace (TimeSpan.MaxValue) cannot overflow into "now".
        var seconds = Math.Clamp(limit.TotalSeconds, 0, MaxWait.TotalSeconds);
        var deadline = _time.GetTimestamp() + (long)(seconds * _time.TimestampFrequency);
        var poll = _options.PollInterval < MaxCancelPoll ? _options.PollInterval : MaxCancelPoll;
        while (true)
        {
            var (known, state) = await _monitor.QueryAsync(id, cancellationToken);
            if (known && state is null or { IsFinal: true })
                return true;
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
                return false;
            await Task.Delay(remaining < poll ? remaining : poll, _time, cancellationToken);
        }
    }
}
