namespace Gantry.Storage.Blobs;

/// <summary>How <see cref="TreeReader"/> cuts and reads a directory.</summary>
public sealed class TreeReaderOptions
{
    /// <summary>Gets or sets the chunk sizes. <value>The default value is <see cref="ChunkingOptions.Default"/>.</value></summary>
    public ChunkingOptions Chunking { get; set; } = ChunkingOptions.Default;

    /// <summary>Gets or sets how many files are read at once. <value>The default value is twice the processor count.</value></summary>
    public int Parallelism { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Gets or sets a progress sink told the number of bytes just read (a delta), for progress bars. <value>The default value is null.</value></summary>
    public IProgress<long>? Progress { get; set; }
}
