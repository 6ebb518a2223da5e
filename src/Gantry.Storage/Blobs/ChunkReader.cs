using System.Buffers;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Reads a stream as a sequence of content-defined chunks. Each chunk returned is a view of an internal
/// buffer, valid until the next call; copy it to keep it.
/// </summary>
public sealed class ChunkReader : IDisposable
{
    private readonly Stream _stream;
    private readonly ContentChunker _chunker;
    private readonly int _max;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <summary>Reads <paramref name="stream"/> from its current position with the given chunker.</summary>
    public ChunkReader(Stream stream, ContentChunker chunker)
    {
        _stream = stream;
        _chunker = chunker;
        _max = chunker.Options.MaxSize;
        var size = 2L * _max;
        if (stream.CanSeek)
            size = Math.Clamp(stream.Length - stream.Position + 1, 1, size); // small files need small buffers
        _buffer = ArrayPool<byte>.Shared.Rent((int)size);
    }

    /// <summary>Returns the next chunk, or an empty one at the end of the stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadNextAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_end - _start < _max && !_endOfStream)
            await FillAsync(cancellationToken);
        if (_start == _end)
            return ReadOnlyMemory<byte>.Empty;
        var cut = _chunker.FindCut(_buffer.AsSpan(_start, _end - _start));
        var chunk = _buffer.AsMemory(_start, cut);
        _start += cut;
        return chunk;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer.Length == 0)
            return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            (_start, _end) = (0, pending);
        }

        while (true)
        {
            if (_end == _buffer.Length)
            {
                if (_end >= _max)
                    return; // enough to decide the next cut
                // The stream is longer than it said (it grew): move to a full-size buffer.
                var larger = ArrayPool<byte>.Shared.Rent(2 * _max);
                _buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                _endOfStream = true;
                return;
            }

            _end += read;
        }
    }
}
