namespace Gantry.Storage.Blobs;

/// <summary>A chunk that a manifest names is not in the store.</summary>
public sealed class ChunkMissingException : Exception
{
    /// <summary>Creates the exception for the chunk <paramref name="hash"/>.</summary>
    public ChunkMissingException(string hash)
        : base($"chunk {hash} is missing from the store")
    {
        Hash = hash;
    }

    /// <summary>Gets the address of the missing chunk.</summary>
    public string Hash { get; }
}
