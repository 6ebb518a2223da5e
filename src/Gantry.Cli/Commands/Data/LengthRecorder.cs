using System.Collections.Concurrent;
using Gantry.Storage.Blobs;

namespace Gantry.Cli.Commands.Data;

/// <summary>A chunk sink that keeps only each chunk's length, so a push knows how many bytes it will send.</summary>
internal sealed class LengthRecorder : IChunkSink
{
    public ConcurrentDictionary<string, int> Lengths { get; } = new(StringComparer.Ordinal);

    public ValueTask<ChunkPutStatus> PutChunkAsync(string hash, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        Lengths[hash] = plaintext.Length;
        return ValueTask.FromResult(ChunkPutStatus.Stored);
    }
}
