using System.Buffers;
using System.Collections.Concurrent;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Encrypted, content-addressed chunks in a blob store, under keys <c>chunks/&lt;sha256&gt;</c>. A chunk is
/// stored once however many files and versions hold it, and verified (authenticated, re-hashed) on every read.
/// </summary>
public sealed class ChunkStore : IChunkSink, IChunkSource
{
    /// <summary>The key prefix of chunks in the blob store.</summary>
    public const string KeyPrefix = "chunks/";

    private readonly IBlobStore _blobs;
    private readonly ChunkCipher _cipher;

    /// <summary>Stores chunks in <paramref name="blobs"/>, encrypted under <paramref name="keyring"/>.</summary>
    public ChunkStore(IBlobStore blobs, Keyring keyring)
    {
        _blobs = blobs;
        _cipher = new ChunkCipher(keyring);
    }

    /// <summary>Gets the blob store underneath.</summary>
    public IBlobStore Blobs => _blobs;

    /// <summary>Gets the keyring.</summary>
    public Keyring Keyring => _cipher.Keyring;

    /// <summary>Gets or sets how many blob requests run at once in bulk operations. <value>The default value is 16.</value></summary>
    public int Parallelism { get; init; } = 16;

    /// <summary>The blob key of a chunk.</summary>
    public static string KeyOf(string hash) =>
        ChunkHash.IsValid(hash) ? KeyPrefix + hash : throw new ArgumentException($"'{hash}' is not a chunk hash (64 lower-case hex digits)", nameof(hash));

    /// <summary>
    /// Verifies that <paramref name="plaintext"/> hashes to <paramref name="hash"/>, then encrypts and stores it
    /// unless the store already has it. Use this for chunks that arrive from elsewhere (an upload).
    /// </summary>
    public async ValueTask<ChunkPutStatus> PutChunkAsync(string hash, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        if (!ChunkHash.IsValid(hash) || !ChunkHash.Matches(hash, plaintext.Span))
            return ChunkPutStatus.HashMismatch;
        return await PutHashedAsync(hash, plaintext, cancellationToken);
    }

    /// <summary>Returns the chunk's plaintext after authenticating and re-hashing it.</summary>
    /// <exception cref="ChunkMissingException">The store does not hold the chunk.</exception>
    /// <exception cref="ChunkCorruptedException">The stored chunk fails authentication or does not match its address.</exception>
    public async Task<byte[]> GetChunkAsync(string hash, CancellationToken cancellationToken = default)
    {
        var envelope = await _blobs.GetAsync(KeyOf(hash), cancellationToken) ?? throw new ChunkMissingException(hash);
        return _cipher.Open(hash, envelope);
    }

    /// <summary>Whether the store holds the chunk (not verified).</summary>
    public Task<bool> HasChunkAsync(string hash, CancellationToken cancellationToken = default) =>
        _blobs.ExistsAsync(KeyOf(hash), cancellationToken);

    /// <summary>
    /// Which of <paramref name="hashes"/> the store lacks, in the order given, without duplicates: the answer
    /// to a client's "which chunks do you need" before it uploads.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingChunksAsync(IEnumerable<string> hashes, CancellationToken cancellationToken = default)
    {
        var distinct = hashes.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var hash in distinct)
            _ = KeyOf(hash); // validate all before any request
        var present = new bool[distinct.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => present[i] = await _blobs.ExistsAsync(KeyOf(distinct[i]), ct));
        return [.. distinct.Where((_, i) => !present[i])];
    }

    /// <summary>The addresses of every stored chunk, in no particular order.</summary>
    public async IAsyncEnumerable<string> ListChunksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var key in _blobs.ListAsync(KeyPrefix, cancellationToken))
        {
            var hash = key[KeyPrefix.Length..];
            if (ChunkHash.IsValid(hash))
                yield return hash;
        }
    }

    /// <summary>
    /// Rotation, step two: re-wraps the data key of every chunk not yet under the current master key.
    /// Ciphertext is not touched; each blob is replaced atomically. Safe to run again after an interruption.
    /// </summary>
    public async Task<RewrapReport> RewrapAsync(CancellationToken cancellationToken = default)
    {
        long examined = 0;
        long rewrapped = 0;
        var hashes = new ConcurrentBag<string>();
        await foreach (var hash in ListChunksAsync(cancellationToken))
            hashes.Add(hash);
        await Parallel.ForEachAsync(
            hashes,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (hash, ct) =>
            {
                var key = KeyOf(hash);
                var envelope = await _blobs.GetAsync(key, ct);
                Interlocked.Increment(ref examined);
                if (envelope is null)
                    return; // deleted meanwhile
                if (_cipher.Rewrap(hash, envelope) is { } updated)
                {
                    await _blobs.PutAsync(key, updated, ct);
                    Interlocked.Increment(ref rewrapped);
                }
            });
        return new RewrapReport(examined, rewrapped, Keyring.Current.Id);
    }

    /// <summary>Deletes a chunk; returns whether it existed. The caller makes sure no manifest still names it.</summary>
    public Task<bool> DeleteChunkAsync(string hash, CancellationToken cancellationToken = default) =>
        _blobs.DeleteAsync(KeyOf(hash), cancellationToken);

    // For chunks hashed in this process (TreeReader): skips the second hash of every byte.
    internal async ValueTask<ChunkPutStatus> PutHashedAsync(string hash, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        var key = KeyOf(hash);
        if (await _blobs.ExistsAsync(key, cancellationToken))
            return ChunkPutStatus.AlreadyPresent;
        var buffer = ArrayPool<byte>.Shared.Rent(_cipher.SealedLength(plaintext.Length));
        try
        {
            var length = _cipher.Seal(hash, plaintext.Span, buffer);
            return await _blobs.PutIfAbsentAsync(key, buffer.AsMemory(0, length), cancellationToken)
                ? ChunkPutStatus.Stored
                : ChunkPutStatus.AlreadyPresent;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
