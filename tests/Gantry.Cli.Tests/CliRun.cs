namespace Gantry.Cli.Tests;

/// <summary>What one in-process <c>gantry</c> run printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error);
