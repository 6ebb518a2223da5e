namespace Gantry.Cli.Commands.Planning;

/// <summary>The Gantry server asked (from <c>--addr</c>, GANTRY_ADDR or the login config) and whether it answered.</summary>
internal sealed record AssessServer(string? Address, bool Reachable, string? Problem);
