using Gantry.Storage.Blobs;

namespace Gantry.Server.Data.Formats;

/// <summary>
/// A file stored as chunks, read at offsets: only the chunks that hold the bytes asked for are fetched (each
/// verified by the store), so reading an ONNX graph's inputs skips the gigabytes of weights around them.
/// </summary>
internal sealed class ChunkedRandomAccess : IRandomAccess
{
    private readonly IChunkSource _source;
    private readonly IReadOnlyList<string> _chunks;
    private readonly long[] _starts;
    private int _cachedIndex = -1;
    private byte[] _cached = [];

    /// <param name="source">Where chunks come from.</param>
    /// <param name="chunks">The file's chunks in order.</param>
    /// <param name="lengths">Each chunk's length, in the same order.</param>
    public ChunkedRandomAccess(IChunkSource source, IReadOnlyList<string> chunks, IReadOnlyList<int> lengths)
    {
        _source = source;
        _chunks = chunks;
        _starts = new long[chunks.Count + 1];
        for (var i = 0; i < chunks.Count; i++)
            _starts[i + 1] = _starts[i] + lengths[i];
        Length = _starts[^1];
    }

    public long Length { get; }

    public async ValueTask<int> ReadAtAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (offset >= Length || destination.Length == 0)
            return 0;
        var index = Array.BinarySearch(_starts, offset);
        if (index < 0)
            index = ~index - 1;
        if (index != _cachedIndex)
        {
            _cached = await _source.GetChunkAsync(_chunks[index], cancellationToken);
            if (_cached.Length != _starts[index + 1] - _starts[index])
                throw new InvalidDataException($"chunk {_chunks[index]} holds {_cached.Length} bytes, not the {_starts[index + 1] - _starts[index]} recorded");
            _cachedIndex = index;
        }

        var within = (int)(offset - _starts[index]);
        var count = Math.Min(destination.Length, _cached.Length - within);
        _cached.AsMemory(within, count).CopyTo(destination);
        return count;
    }
}
