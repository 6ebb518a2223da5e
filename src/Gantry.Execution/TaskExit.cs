namespace Gantry.Execution;

/// <summary>
/// How a task ended. <see cref="ExitCode"/> is null when it is unknown (the process ended while no
/// server watched and left no exit file); <see cref="Signal"/> is set when a signal killed it.
/// </summary>
public sealed record TaskExit(int? ExitCode, int? Signal, string? Reason)
{
    public bool Succeeded => ExitCode == 0 && Signal is null;
}
