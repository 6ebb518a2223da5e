namespace Gantry.Execution.Local;

/// <summary>
/// The <c>/bin/sh</c> script every local task runs inside, started under <c>setsid</c> so it leads a new
/// session and process group and outlives the server. It takes the exit file, the two log files and
/// then the user's argv as positional parameters, so the command is never re-quoted.
/// </summary>
internal static class TaskWrapper
{
    /// <summary>The <c>$0</c> of the wrapper, as the shell's own error messages show it.</summary>
    public const string Name = "gantry-task";

    // The TERM trap keeps the wrapper alive when the group is asked to stop, so it can record the
    // command's status; the shell runs it only after the foreground command ends, and a caught
    // signal is reset to the default in the command (an ignored one would be inherited, so no trap '').
    // Logs are appended (a retry adds to the same files); stdin is /dev/null; no fd leads to the server.
    // A stop asked for before the command even started means it never starts (143 = 128 + SIGTERM).
    public const string Script = """
        trap 'gantry_term=1' TERM
        gantry_exit=$1 gantry_out=$2 gantry_err=$3
        shift 3
        exec </dev/null >>"$gantry_out" 2>>"$gantry_err"
        if [ -z "${gantry_term:-}" ]; then
          "$@"
        """ + "\n" + RecordStatus;

    /// <summary>
    /// The end of every task script, right after the command inside <c>if [ -z "${gantry_term:-}" ]; then</c>:
    /// the command's status (143 when stopped before it started) written atomically to <c>$gantry_exit</c>, which
    /// <see cref="ExitFiles"/> reads — here and in the Slurm batch script.
    /// </summary>
    public const string RecordStatus = """
          gantry_status=$?
        else
          gantry_status=143
        fi
        if [ "$gantry_status" -eq 127 ] && ! command -v "$1" >/dev/null 2>&1; then
          printf 'gantry: cannot run %s: no such program (exit code 127)\n' "$1" >&2
        fi
        printf '%s\n' "$gantry_status" >"$gantry_exit.tmp" && mv -f "$gantry_exit.tmp" "$gantry_exit"
        exit "$gantry_status"
        """;
}
