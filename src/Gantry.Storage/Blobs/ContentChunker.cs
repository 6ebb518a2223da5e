using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Finds content-defined chunk boundaries with a FastCDC-style gear hash and normalised chunking:
/// a cut depends only on the 64 bytes before it, so an insert moves only the chunks around it.
/// </summary>
public sealed class ContentChunker
{
    private readonly int _min;
    private readonly int _average;
    private readonly int _max;
    private readonly ulong _maskSmall;
    private readonly ulong _maskLarge;

    /// <summary>Creates a chunker with the given sizes (the defaults when null).</summary>
    public ContentChunker(ChunkingOptions? options = null)
    {
        options ??= ChunkingOptions.Default;
        if (options.Check() is { } problem)
            throw new ArgumentException(problem, nameof(options));
        Options = options;
        _min = options.MinSize;
        _average = options.AverageSize;
        _max = options.MaxSize;
        // Normalised chunking, level 2: harder to cut before the average, easier after it, which
        // narrows the size distribution around the average (FastCDC, Xia et al. 2016).
        var bits = BitOperations.Log2((uint)_average);
        _maskSmall = TopBits(bits + 2);
        _maskLarge = TopBits(bits - 2);
    }

    /// <summary>Gets the sizes this chunker cuts with.</summary>
    public ChunkingOptions Options { get; }

    /// <summary>
    /// Returns the length of the chunk that starts at the beginning of <paramref name="data"/>. The caller
    /// passes at least <see cref="ChunkingOptions.MaxSize"/> bytes unless the data ends sooner, so that a
    /// cut never depends on how the data was read.
    /// </summary>
    public int FindCut(ReadOnlySpan<byte> data)
    {
        if (data.Length <= _min)
            return data.Length;
        var end = Math.Min(data.Length, _max);
        var normal = Math.Min(end, _average);
        ref var gear = ref MemoryMarshal.GetArrayDataReference(GearTable.Values);
        ulong hash = 0;
        var i = _min;

        var small = data[..normal];
        for (; i < small.Length; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, small[i]);
            if ((hash & _maskSmall) == 0)
                return i + 1;
        }

        var large = data[..end];
        for (; i < large.Length; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, large[i]);
            if ((hash & _maskLarge) == 0)
                return i + 1;
        }

        return end;
    }

    // The high bits of a gear hash depend on the most bytes, so the mask takes the top ones.
    private static ulong TopBits(int count) => ulong.MaxValue << (64 - count);
}
