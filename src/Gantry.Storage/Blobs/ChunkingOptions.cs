namespace Gantry.Storage.Blobs;

/// <summary>
/// Sizes for content-defined chunking. Every client and server that shares a chunk store must use the
/// same sizes, or identical files will be cut differently and not deduplicated.
/// </summary>
public sealed record ChunkingOptions
{
    /// <summary>The defaults: chunks of 256 KiB to 4 MiB, 1 MiB on average.</summary>
    public static ChunkingOptions Default { get; } = new();

    /// <summary>Gets the smallest chunk (except a file's last one). <value>The default value is 256 KiB.</value></summary>
    public int MinSize { get; init; } = 256 * 1024;

    /// <summary>Gets the size chunks are cut at on average. <value>The default value is 1 MiB.</value></summary>
    public int AverageSize { get; init; } = 1024 * 1024;

    /// <summary>Gets the largest chunk; a cut is forced there. <value>The default value is 4 MiB.</value></summary>
    public int MaxSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Returns null when the sizes are usable, else the reason.</summary>
    public string? Check()
    {
        if (MinSize < 64)
            return $"chunk min size {MinSize} is below 64 bytes";
        if (AverageSize <= MinSize)
            return $"chunk average size {AverageSize} must exceed the min size {MinSize}";
        if (MaxSize <= AverageSize)
            return $"chunk max size {MaxSize} must exceed the average size {AverageSize}";
        if (MaxSize > 256 * 1024 * 1024)
            return $"chunk max size {MaxSize} is over the 256 MiB limit";
        return null;
    }
}
