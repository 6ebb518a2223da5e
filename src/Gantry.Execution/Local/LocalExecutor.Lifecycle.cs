namespace Gantry.Execution.Local;

/// <summary>Watching and stopping tasks, whether this instance launched them or re-attached after a restart.</summary>
public sealed partial class LocalExecutor
{
    private const string UnknownExit = "the process ended while no Gantry server watched it; its exit status is unknown";
    private static readonly TimeSpan CancelPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan KillConfirmation = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(365);

    /// <inheritdoc />
    public Task<bool> IsAliveAsync(string handle, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!LocalHandle.TryParse(handle, out var parsed))
        {
            _logger.BadHandle(handle);
            return Task.FromResult(false);
        }

        // Whichever sees the end first wins: /proc (a zombie or a reaped pid) or, for our own child, its monitor.
        return Task.FromResult(IsRunning(parsed) && Launched(parsed)?.Exit.IsCompleted != true);
    }

    /// <inheritdoc />
    public async Task<TaskExit> WaitForExitAsync(string handle, CancellationToken cancellationToken)
    {
        if (!LocalHandle.TryParse(handle, out var parsed))
        {
            _logger.BadHandle(handle);
            return new TaskExit(null, null, $"'{handle}' is not a handle of the local executor");
        }

        if (Launched(parsed) is { } entry)
            return await entry.Exit.WaitAsync(cancellationToken);

        // Not our child (launched before a restart): nobody can wait(2) for it, so watch /proc.
        while (IsRunning(parsed))
            await Task.Delay(_options.ReattachPollInterval, _time, cancellationToken);
        return ExitFiles.TryRead(parsed.ExitFile) ?? new TaskExit(null, null, UnknownExit);
    }

    /// <inheritdoc />
    public async Task CancelAsync(string handle, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!LocalHandle.TryParse(handle, out var parsed))
        {
            _logger.BadHandle(handle);
            return;
        }

        var group = parsed.Pid;
        if (ProcStat.Read(group) is { } stat && stat.StartTime != parsed.StartTime)
        {
            // The pid belongs to another program now. The kernel does not reuse a pid while a process
            // group of that number exists, so the task's group is gone entirely: nothing to stop.
            _logger.PidReused(group, stat.StartTime, parsed.StartTime);
            return;
        }

        if (!AnyAlive(parsed))
            return;

        Signal(group, NativeMethods.SigTerm);
        _logger.TermSent(group, grace.TotalSeconds);
        var lastSignal = NativeMethods.SigTerm;
        if (!await WaitUntilAsync(() => !AnyAlive(parsed), grace, cancellationToken))
        {
            _logger.KillSent(group);
            Signal(group, NativeMethods.SigKill);
            lastSignal = NativeMethods.SigKill;
            await WaitUntilAsync(() => !IsRunning(parsed), KillConfirmation, cancellationToken);
        }

        // The wrapper records the status itself unless a signal killed it first (before its TERM trap
        // was set, or by SIGKILL): then record the signal, so a later WaitForExitAsync anywhere knows.
        if (!IsRunning(parsed))
            ExitFiles.WriteIfAbsent(parsed.ExitFile, $"signal {lastSignal}");

        // For our own child, return once its exit is observed, so IsAliveAsync and WaitForExitAsync agree.
        if (Launched(parsed) is { } entry)
            await WaitUntilAsync(() => entry.Exit.IsCompleted, KillConfirmation, cancellationToken);
    }

    private LaunchedProcess? Launched(LocalHandle handle) =>
        _launched.TryGetValue(handle.Pid, out var entry) && entry.Handle.StartTime == handle.StartTime ? entry : null;

    /// <summary>Whether the task's leader (the wrapper) still runs: same pid, same start time, not a zombie.</summary>
    private static bool IsRunning(LocalHandle handle) =>
        handle.StartTime != 0
        && ProcStat.Read(handle.Pid) is { } stat
        && stat.StartTime == handle.StartTime
        && !stat.HasEnded;

    private static bool AnyAlive(LocalHandle handle) => IsRunning(handle) || ProcessGroups.HasLiveMembers(handle.Pid);

    private void Signal(int group, int signal)
    {
        var errno = NativeMethods.SignalGroup(group, signal);
        if (errno != 0 && errno != NativeMethods.Esrch)
            _logger.SignalFailed(group, signal, errno);
    }

    private async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        // Clamped so that a "forever" grace (TimeSpan.MaxValue) cannot overflow into "now".
        var seconds = Math.Clamp(limit.TotalSeconds, 0, MaxWait.TotalSeconds);
        var deadline = _time.GetTimestamp() + (long)(seconds * _time.TimestampFrequency);
        while (!condition())
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
                return false;
            await Task.Delay(remaining < CancelPollInterval ? remaining : CancelPollInterval, _time, cancellationToken);
        }

        return true;
    }
}
