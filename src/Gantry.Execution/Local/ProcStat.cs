using System.Globalization;

namespace Gantry.Execution.Local;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the executor needs: state, process group, session, start time.</summary>
internal readonly record struct ProcStat(char State, int ProcessGroup, int Session, ulong StartTime)
{
    /// <summary>A zombie ('Z') or dead ('X') process has ended; it only waits to be reaped.</summary>
    public bool HasEnded => State is 'Z' or 'X' or 'x';

    /// <summary>The stat of a process, or null when there is no such process (any more).</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // FileNotFound/DirectoryNotFound: gone; other I/O errors: it vanished while being read.
            return null;
        }
    }

    public static ProcStat? Parse(string text)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
            return null;
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state), so field N is fields[N - 3].
        if (fields.Length < 20
            || fields[0].Length != 1
            || !int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var session)
            || !ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            return null;
        return new ProcStat(fields[0][0], group, session, start);
    }
}
