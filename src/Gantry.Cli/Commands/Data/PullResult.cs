namespace Gantry.Cli.Commands.Data;

/// <summary>What a pull wrote: which version, where, how many files and bytes.</summary>
public sealed record PullResult(string Dataset, int Version, string Directory, int Files, long SizeBytes);
