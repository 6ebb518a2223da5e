using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Storage.Blobs;

namespace Gantry.Server.Data;

/// <summary>Cuts one stream (an upload body, a job's output file) into chunks and stores them encrypted, hashing the whole along the way.</summary>
internal static class FileChunker
{
    public static async Task<Outcome<StoredFile>> StoreAsync(Stream stream, long limit, ChunkStore store, CancellationToken cancellationToken)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = new ChunkReader(stream, new ContentChunker());
        var chunks = new List<string>();
        var lengths = new List<int>();
        long size = 0;
        while (true)
        {
            var chunk = await reader.ReadNextAsync(cancellationToken);
            if (chunk.IsEmpty)
                break;
            size += chunk.Length;
            if (size > limit)
                return GantryError.TooLarge($"the file is over the limit of {limit} bytes");
            whole.AppendData(chunk.Span);
            var hash = ChunkHash.Compute(chunk.Span);
            await store.PutChunkAsync(hash, chunk, cancellationToken);
            chunks.Add(hash);
            lengths.Add(chunk.Length);
        }

        return new StoredFile(chunks, lengths, size, Convert.ToHexStringLower(whole.GetHashAndReset()));
    }

    /// <summary>Reads a stored file back in order to learn its chunk lengths and whole-file SHA-256 (for files pushed chunk by chunk).</summary>
    public static async Task<StoredFile> MeasureAsync(ManifestFile file, IChunkSource source, CancellationToken cancellationToken)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var lengths = new List<int>();
        long size = 0;
        foreach (var hash in file.Chunks)
        {
            var chunk = await source.GetChunkAsync(hash, cancellationToken);
            whole.AppendData(chunk);
            lengths.Add(chunk.Length);
            size += chunk.Length;
        }

        if (size != file.Size)
            throw new InvalidDataException($"file '{file.Path}': its chunks hold {size} bytes, the manifest says {file.Size}");
        return new StoredFile(file.Chunks, lengths, size, Convert.ToHexStringLower(whole.GetHashAndReset()));
    }
}
