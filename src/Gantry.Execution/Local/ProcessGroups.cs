using System.Globalization;

namespace Gantry.Execution.Local;

/// <summary>Looks for the processes of a task's process group in <c>/proc</c>.</summary>
internal static class ProcessGroups
{
    /// <summary>Whether any process of the group still runs (zombies, which only wait to be reaped, do not count).</summary>
    public static bool HasLiveMembers(int processGroup)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])
                || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            if (ProcStat.Read(pid) is { } stat && stat.ProcessGroup == processGroup && !stat.HasEnded)
                return true;
        }

        return false;
    }
}
