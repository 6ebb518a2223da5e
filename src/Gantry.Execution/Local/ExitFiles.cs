using System.Globalization;
using System.Text;

namespace Gantry.Execution.Local;

/// <summary>
/// The file <c>attempt-N.exit</c> in the job directory that records how an attempt ended, so that a
/// server that was not watching can learn it later. The wrapper writes the exit status ("3"); Gantry
/// writes "signal 9" itself when the wrapper was killed before it could. Always written to a temporary
/// name and renamed, so a reader never sees half a file.
/// </summary>
internal static class ExitFiles
{
    private const int LowestSignalStatus = 129;
    private const int HighestSignalStatus = 128 + 64;

    public static string PathFor(string jobDirectory, int attempt) =>
        Path.Combine(jobDirectory, $"attempt-{attempt.ToString(CultureInfo.InvariantCulture)}.exit");

    /// <summary>How the attempt ended, or null when there is no (readable) exit file.</summary>
    public static TaskExit? TryRead(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(text);
    }

    public static TaskExit? Parse(string text)
    {
        text = text.Trim();
        if (text.StartsWith("signal ", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var signal))
            return FromSignal(signal);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? FromStatus(status) : null;
    }

    /// <summary>
    /// The exit status as a shell reports it: 128+N means the command died of signal N (the POSIX shell
    /// convention; a program that itself exits with such a status reads the same).
    /// </summary>
    public static TaskExit FromStatus(int status) => status switch
    {
        0 => new TaskExit(0, null, null),
        >= LowestSignalStatus and <= HighestSignalStatus => FromSignal(status - 128),
        126 => new TaskExit(status, null, "exited with code 126: the program could not be executed"),
        127 => new TaskExit(status, null, "exited with code 127: the program was not found"),
        _ => new TaskExit(status, null, $"exited with code {status.ToString(CultureInfo.InvariantCulture)}"),
    };

    public static TaskExit FromSignal(int signal) =>
        new(128 + signal, signal, $"ended by signal {signal.ToString(CultureInfo.InvariantCulture)}{SignalName(signal)}");

    /// <summary>Records an exit unless one is recorded already (the wrapper's own record wins).</summary>
    public static void WriteIfAbsent(string path, string content)
    {
        if (File.Exists(path))
            return;
        var temporary = path + ".gantry.tmp";
        try
        {
            File.WriteAllText(temporary, content + "\n", Encoding.ASCII);
            File.Move(temporary, path, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Someone recorded it first, or the job directory is gone: either way nothing to add.
            TryDelete(temporary);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string SignalName(int signal) => signal switch
    {
        1 => " (SIGHUP)",
        2 => " (SIGINT)",
        3 => " (SIGQUIT)",
        4 => " (SIGILL)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        8 => " (SIGFPE)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        13 => " (SIGPIPE)",
        14 => " (SIGALRM)",
        15 => " (SIGTERM)",
        _ => "",
    };
}
