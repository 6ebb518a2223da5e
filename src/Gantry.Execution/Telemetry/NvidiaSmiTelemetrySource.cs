using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gantry.Execution.Discovery;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// Reads GPU telemetry from one long-running <c>nvidia-smi --query-gpu=… -lms N</c> process rather
/// than starting a process per sample (which would cost tens of milliseconds of CPU each time).
/// The stream is restarted when it ends; readings older than three periods are not reported.
/// </summary>
internal sealed class NvidiaSmiTelemetrySource : ITelemetrySource
{
    private readonly TimeSpan _period;
    private readonly IReadOnlyList<string> _directories;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CommandRunner _commands;
    private readonly ConcurrentDictionary<int, (GpuSample Sample, long ReceivedAt)> _latest = new();
    private readonly CancellationTokenSource _stop = new();
    private string? _program;
    private Task? _reader;
    private Process? _process;

    public NvidiaSmiTelemetrySource(TimeSpan period, IReadOnlyList<string> directories, ILogger logger, TimeProvider time)
    {
        _period = period < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : period;
        _directories = directories;
        _logger = logger;
        _time = time;
        _commands = new CommandRunner(logger, time, TimeSpan.FromSeconds(15));
    }

    public string Name => "nvidia-smi";

    /// <summary>Lines of the stream that were not GPU readings (warnings, garbage); for tests.</summary>
    internal int SkippedLines { get; private set; }

    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        _program = ExecutableSearch.Find("nvidia-smi", _directories);
        if (_program is null)
            return false;

        // One query first: nvidia-smi is often installed where no GPU or driver works, and then a
        // stream would only fail and restart forever.
        var once = await _commands.RunAsync(_program, NvidiaSmiTelemetryParser.QueryArguments, _directories, cancellationToken);
        if (once is null || NvidiaSmiTelemetryParser.Parse(once).Count == 0)
            return false;
        _reader = Task.Run(() => StreamAsync(_stop.Token), CancellationToken.None);
        return true;
    }

    public Task<IReadOnlyList<GpuSample>> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        var fresh = _latest.Values
            .Where(v => _time.GetElapsedTime(v.ReceivedAt, now) <= _period * 3)
            .Select(v => v.Sample)
            .OrderBy(s => s.Index)
            .ToArray();
        return Task.FromResult<IReadOnlyList<GpuSample>>(fresh);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        KillQuietly(_process);
        if (_reader is not null)
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task StreamAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var produced = await RunOnceAsync(cancellationToken);
            if (cancellationToken.IsCancellationRequested)
                return;
            failures = produced ? 0 : failures + 1;
            _logger.TelemetryStreamEnded("nvidia-smi", failures);

            // Back off when it keeps failing, so a broken driver does not spin the CPU.
            var wait = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(failures, 6))));
            try
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_program!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in NvidiaSmiTelemetryParser.QueryArguments)
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add("-lms");
        start.ArgumentList.Add(((long)_period.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

        var produced = false;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            _logger.CommandStartFailed("nvidia-smi", e.Message);
            return false;
        }

        _process = process;
        process.StandardInput.Close();
        _ = process.StandardError.ReadToEndAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                if (NvidiaSmiTelemetryParser.ParseLine(line) is { } sample)
                {
                    _latest[sample.Index] = (sample, _time.GetTimestamp());
                    produced = true;
                }
                else if (line.Trim().Length > 0)
                {
                    SkippedLines++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            KillQuietly(process);
            _process = null;
        }

        return produced;
    }

    private static void KillQuietly(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
                process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
