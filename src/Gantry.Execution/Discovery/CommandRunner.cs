using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Discovery;

/// <summary>
/// Runs a discovery program (<c>nvidia-smi</c>, <c>rocm-smi</c>) with a time limit, so a hung driver
/// tool cannot hang the server. A missing program is normal and answers null without noise.
/// </summary>
internal sealed class CommandRunner(ILogger logger, TimeProvider timeProvider, TimeSpan timeout)
{
    /// <summary>The standard output of the program (looked up in <paramref name="directories"/>) when it exits with 0; otherwise null.</summary>
    public async Task<string?> RunAsync(string program, IReadOnlyList<string> arguments, IEnumerable<string> directories, CancellationToken cancellationToken)
    {
        var path = ExecutableSearch.Find(program, directories);
        if (path is null)
        {
            logger.ProgramMissing(program);
            return null;
        }

        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            logger.CommandStartFailed(program, e.Message);
            return null;
        }

        process.StandardInput.Close();
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
        var stderr = process.StandardError.ReadToEndAsync(linked.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode == 0)
                return output;
            logger.CommandFailed(program, process.ExitCode, Shorten(errors.Length > 0 ? errors : output));
            return null;
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            await Task.WhenAll(stdout, stderr).ContinueWith(_ => { }, TaskScheduler.Default); // observe, ignore
            cancellationToken.ThrowIfCancellationRequested();
            logger.CommandTimedOut(program, timeout.TotalSeconds);
            return null;
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It ended on its own meanwhile.
        }
    }

    private static string Shorten(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 300 ? trimmed : trimmed[..300] + "…";
    }
}
