namespace Gantry.Cli;

/// <summary>Stops a command with a message for the user and an exit code (usage errors, mostly).</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
