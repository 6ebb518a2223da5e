using System.Globalization;

namespace Gantry.Execution.Slurm;

/// <summary>
/// The state of one Slurm job as <c>squeue</c> or <c>scontrol show job</c> report it ("RUNNING", "FAILED", ...),
/// and, once it is final, how it ended (<c>ExitCode=code:signal</c>).
/// </summary>
internal sealed record SlurmJobState(string State, int? ExitCode, int? Signal, string? Reason)
{
    // Every state after which the job never runs again (squeue(1) "JOB STATE CODES").
    private static readonly HashSet<string> FinalStates = new(StringComparer.Ordinal)
    {
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE",
        "OUT_OF_MEMORY", "SPECIAL_EXIT", "REVOKED",
    };

    public bool IsFinal => FinalStates.Contains(State);

    public bool IsPending => State == "PENDING";

    /// <summary>Reads one line of <c>scontrol show job -o ID</c> (key=value pairs separated by spaces).</summary>
    public static SlurmJobState? ParseScontrol(string text)
    {
        string? state = null;
        string? exit = null;
        string? reason = null;
        foreach (var pair in text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                continue;
            var key = pair[..equals];
            var value = pair[(equals + 1)..];
            switch (key)
            {
                case "JobState":
                    state = value;
                    break;
                case "ExitCode":
                    exit = value;
                    break;
                case "Reason":
                    reason = value is "None" or "(null)" ? null : value;
                    break;
            }
        }

        if (state is null)
            return null;
        int? code = null;
        int? signal = null;
        if (exit is not null)
        {
            var parts = exit.Split(':');
            if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                code = c;
            if (parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0)
                signal = s;
        }

        return new SlurmJobState(state, code, signal, reason);
    }

    /// <summary>Reads <c>squeue -h -r -t all -o '%i|%T|%r'</c>: job id to state (without exit codes, which squeue does not show).</summary>
    public static Dictionary<string, SlurmJobState> ParseSqueue(string text)
    {
        var states = new Dictionary<string, SlurmJobState>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < 2 || fields[0].Length == 0)
                continue;
            var reason = fields.Length > 2 && fields[2] is not ("None" or "(null)" or "") ? fields[2] : null;
            states[fields[0]] = new SlurmJobState(fields[1], null, null, reason);
        }

        return states;
    }

    /// <summary>
    /// How the attempt ended in Gantry's terms. Gantry's wrapper records the command's own status in the exit file, which
    /// wins when present (Slurm reports 0:15 for a job it cancelled, whatever the command returned).
    /// </summary>
    public TaskExit ToExit(TaskExit? recorded)
    {
        var what = State switch
        {
            "TIMEOUT" => "Slurm ended it at its time limit",
            "CANCELLED" => "it was cancelled in Slurm",
            "NODE_FAIL" => "its Slurm node failed",
            "OUT_OF_MEMORY" => "Slurm ended it for using more memory than it asked for",
            "PREEMPTED" => "Slurm preempted it",
            "BOOT_FAIL" => "its Slurm node failed to boot",
            "DEADLINE" => "Slurm ended it at its deadline",
            _ => null,
        };
        if (recorded is not null)
            return what is null || recorded.Succeeded ? recorded : recorded with { Reason = $"{recorded.Reason}; {what}" };
        if (State == "COMPLETED")
            return new TaskExit(0, null, null);
        if (what is not null)
            return new TaskExit(ExitCode is > 0 ? ExitCode : null, Signal, $"{what} (Slurm state {State})");
        if (Signal is { } signal)
            return new TaskExit(128 + signal, signal, $"ended by signal {signal} (Slurm state {State})");
        return ExitCode is { } code
            ? new TaskExit(code, null, $"exited with code {code.ToString(CultureInfo.InvariantCulture)} (Slurm state {State})")
            : new TaskExit(null, null, $"Slurm state {State}");
    }
}
