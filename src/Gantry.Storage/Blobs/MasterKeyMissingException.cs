namespace Gantry.Storage.Blobs;

/// <summary>A chunk is wrapped by a master key that the keyring does not hold (removed too early, or the wrong key file).</summary>
public sealed class MasterKeyMissingException : Exception
{
    /// <summary>Creates the exception for chunk <paramref name="hash"/> wrapped by key <paramref name="keyId"/>.</summary>
    public MasterKeyMissingException(string hash, string keyId)
        : base($"chunk {hash} is wrapped by master key '{keyId}', which is not in the keyring")
    {
        Hash = hash;
        KeyId = keyId;
    }

    /// <summary>Gets the address of the chunk.</summary>
    public string Hash { get; }

    /// <summary>Gets the id of the key the chunk needs.</summary>
    public string KeyId { get; }
}
