namespace Gantry.Storage.Blobs;

/// <summary>Where <see cref="TreeReader"/> sends the chunks it cuts: a <see cref="ChunkStore"/>, or a client uploading to a server.</summary>
public interface IChunkSink
{
    /// <summary>Accepts a chunk and its address; the bytes are only valid during the call.</summary>
    ValueTask<ChunkPutStatus> PutChunkAsync(string hash, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default);
}
