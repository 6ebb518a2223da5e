namespace Gantry.Storage.Blobs;

/// <summary>Where <see cref="TreeWriter"/> gets chunks from: a <see cref="ChunkStore"/>, or a client downloading from a server.</summary>
public interface IChunkSource
{
    /// <summary>Returns the chunk's plaintext; throws <see cref="ChunkMissingException"/> when it does not exist.</summary>
    Task<byte[]> GetChunkAsync(string hash, CancellationToken cancellationToken = default);
}
