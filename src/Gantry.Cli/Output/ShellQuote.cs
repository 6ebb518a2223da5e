using System.Buffers;

namespace Gantry.Cli.Output;

/// <summary>Shows an argv as a POSIX shell would need it typed, so a command can be copied back.</summary>
internal static class ShellQuote
{
    private static readonly SearchValues<char> Plain =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./=:,+@%");

    public static string Join(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    public static string Quote(string arg) =>
        arg.Length > 0 && !arg.AsSpan().ContainsAnyExcept(Plain)
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
