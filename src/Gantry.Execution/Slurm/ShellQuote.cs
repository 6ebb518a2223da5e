namespace Gantry.Execution.Slurm;

/// <summary>POSIX shell quoting: every value becomes one word, taken literally.</summary>
internal static class ShellQuote
{
    public static string Quote(string value) => "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
}
