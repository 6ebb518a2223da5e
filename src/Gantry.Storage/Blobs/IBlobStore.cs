namespace Gantry.Storage.Blobs;

/// <summary>
/// A flat store of immutable blobs by key (local disk or S3). Keys are checked by <see cref="BlobKey"/>;
/// every write is atomic: a reader sees the whole blob or none.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/> unless the key exists; returns whether it wrote.</summary>
    Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>, atomically replacing what was there.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Returns the blob, or null when the key does not exist.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether the key exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The keys that start with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key; returns whether it existed.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
