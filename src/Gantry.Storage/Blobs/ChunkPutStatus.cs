namespace Gantry.Storage.Blobs;

/// <summary>What <see cref="ChunkStore.PutChunkAsync"/> did with a chunk.</summary>
public enum ChunkPutStatus
{
    /// <summary>The chunk was new and is now stored.</summary>
    Stored,

    /// <summary>The store already held the chunk; nothing was written.</summary>
    AlreadyPresent,

    /// <summary>The bytes do not hash to the given address; nothing was written.</summary>
    HashMismatch,
}
