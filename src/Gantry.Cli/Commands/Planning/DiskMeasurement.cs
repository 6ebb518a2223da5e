namespace Gantry.Cli.Commands.Planning;

/// <summary>
/// Sequential throughput of the disk under <see cref="Directory"/>: a temporary file written and fsynced, then read
/// back after asking the kernel to drop it from the page cache. Speeds are decimal megabytes (10⁶ bytes) a second.
/// </summary>
internal sealed record DiskMeasurement
{
    public required string Directory { get; init; }

    public string? Filesystem { get; init; }

    public long? FreeBytes { get; init; }

    public required long TestBytes { get; init; }

    public double? WriteMbPerS { get; init; }

    public double? ReadMbPerS { get; init; }

    /// <summary>True when the read may have come from memory (the cache could not be dropped, or a RAM-backed filesystem).</summary>
    public bool? ReadMayBeCached { get; init; }

    /// <summary>Why nothing was measured, or what went wrong.</summary>
    public string? Problem { get; init; }
}
