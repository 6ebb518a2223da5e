namespace Gantry.Execution.Discovery;

/// <summary>Finds an executable the way a shell does (PATH), plus a few directories vendors install into.</summary>
internal static class ExecutableSearch
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static string? Find(string program, IEnumerable<string> extraDirectories)
    {
        if (program.Contains('/', StringComparison.Ordinal))
            return IsExecutable(program) ? program : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        var directories = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(extraDirectories);
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
