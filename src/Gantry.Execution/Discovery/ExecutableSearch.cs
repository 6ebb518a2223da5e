namespace Gantry.Execution.Discovery;

/// <summary>Finds an executable the way a shell does, in a list of directories (PATH and a few vendor ones).</summary>
internal static class ExecutableSearch
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static IEnumerable<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries);

    public static string? Find(string program, IEnumerable<string> directories)
    {
        if (program.Contains('/', StringComparison.Ordinal))
            return IsExecutable(program) ? program : null;
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, program);
            if (IsExecutable(candidate))
                return candidate;
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            return File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
