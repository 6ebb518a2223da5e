namespace Gantry.Storage.Blobs;

/// <summary>A stored chunk failed authentication or does not hash to its address; no byte of it is returned.</summary>
public sealed class ChunkCorruptedException : Exception
{
    /// <summary>Creates the exception for the chunk <paramref name="hash"/>.</summary>
    public ChunkCorruptedException(string hash, string reason, Exception? inner = null)
        : base($"chunk {hash} is corrupted: {reason}", inner)
    {
        Hash = hash;
        Reason = reason;
    }

    /// <summary>Gets the address of the chunk.</summary>
    public string Hash { get; }

    /// <summary>Gets what was wrong with it.</summary>
    public string Reason { get; }
}
