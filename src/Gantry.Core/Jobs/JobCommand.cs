namespace Gantry.Core.Jobs;

public static class JobCommand
{
    /// <summary>The argv that runs <paramref name="script"/> through the POSIX shell.</summary>
    public static IReadOnlyList<string> FromShell(string script) => ["/bin/sh", "-c", script];
}
