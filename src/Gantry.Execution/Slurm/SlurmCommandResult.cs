namespace Gantry.Execution.Slurm;

/// <summary>What one Slurm command printed and how it exited; <see cref="ExitCode"/> is -1 when it could not run or timed out.</summary>
internal sealed record SlurmCommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first useful line of the error output (Slurm prints "sbatch: error: ..."), for messages.</summary>
    public string Error
    {
        get
        {
            var text = (Stderr.Length > 0 ? Stderr : Stdout).Trim();
            if (text.Length == 0)
                return $"exit code {ExitCode}";
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var chosen = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines[0];
            return chosen.Length <= 400 ? chosen : chosen[..400] + "…";
        }
    }
}
