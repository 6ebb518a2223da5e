namespace Gantry.Storage.Blobs;

/// <summary>How <see cref="TreeWriter"/> materialises a manifest.</summary>
public sealed class TreeWriterOptions
{
    /// <summary>Gets or sets how many files are written at once. <value>The default value is twice the processor count.</value></summary>
    public int Parallelism { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Gets or sets a progress sink told the number of bytes just written (a delta). <value>The default value is null.</value></summary>
    public IProgress<long>? Progress { get; set; }
}
