using System.ComponentModel;
using System.Diagnostics;
using Gantry.Execution.Discovery;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Slurm;

/// <summary>
/// Runs Slurm's own commands (<c>sbatch</c>, <c>squeue</c>, <c>scontrol</c>, <c>scancel</c>, <c>sinfo</c>), through the
/// configured prefix (<c>ssh login1</c>) or directly, with a time limit, so a hung controller cannot hang the server.
/// </summary>
internal sealed class SlurmCli(SlurmExecutorOptions options, ILogger logger, TimeProvider time)
{
    /// <summary>Whether the tool can be found (always true behind a prefix: the remote side decides).</summary>
    public bool IsAvailable(string tool) => options.CommandPrefix.Count > 0 || Resolve(tool) is not null;

    public async Task<SlurmCommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? stdin, CancellationToken cancellationToken)
    {
        var startInfo = StartInfo(tool, arguments);
        if (startInfo is null)
            return new SlurmCommandResult(-1, "", $"{tool} is not installed (apt-get install slurm-client) or not on PATH");

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
        {
            logger.CommandStartFailed(tool, e.Message);
            return new SlurmCommandResult(-1, "", $"cannot start {tool}: {e.Message}");
        }

        using var timeout = new CancellationTokenSource(options.CommandTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
        var stderr = process.StandardError.ReadToEndAsync(linked.Token);
        try
        {
            if (stdin is not null)
                await process.StandardInput.WriteAsync(stdin.AsMemory(), linked.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(linked.Token);
            return new SlurmCommandResult(process.ExitCode, await stdout, await stderr);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            KillQuietly(process);
            await Task.WhenAll(stdout, stderr).ContinueWith(_ => { }, TaskScheduler.Default); // observe, ignore
            cancellationToken.ThrowIfCancellationRequested();
            if (e is IOException)
                return new SlurmCommandResult(-1, "", $"{tool} closed its input early: {e.Message}");
            logger.CommandTimedOut(tool, options.CommandTimeout.TotalSeconds);
            return new SlurmCommandResult(-1, "", $"{tool} did not answer within {options.CommandTimeout.TotalSeconds:0.#} s");
        }
    }

    private ProcessStartInfo? StartInfo(string tool, IReadOnlyList<string> arguments)
    {
        string program;
        var argv = new List<string>();
        if (options.CommandPrefix.Count > 0)
        {
            program = options.CommandPrefix[0];
            argv.AddRange(options.CommandPrefix.Skip(1));
            argv.Add(options.BinDirectory is { } bin ? Path.Combine(bin, tool) : tool);
        }
        else
        {
            var path = Resolve(tool);
            if (path is null)
                return null;
            program = path;
        }

        argv.AddRange(arguments);
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in argv)
            startInfo.ArgumentList.Add(argument);

        // Gantry's own settings (GANTRY_*) may hold secrets: they do not reach the cluster's jobs,
        // which inherit sbatch's environment (--export=ALL).
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("GANTRY_", StringComparison.Ordinal)).ToList())
            startInfo.Environment.Remove(key);
        return startInfo;
    }

    private string? Resolve(string tool) =>
        ExecutableSearch.Find(tool, options.BinDirectory is { } bin ? [bin] : ExecutableSearch.PathDirectories());

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It ended on its own meanwhile.
        }
    }
}
