using System.Security.Cryptography;
using System.Text;
using Gantry.Storage.Blobs;

namespace Gantry.Server.Data;

/// <summary>
/// The plaintext cache that jobs' inputs are hard-linked from, shared by every job on this machine, keyed by
/// content: a file of one chunk lives under <c>cache/chunks/</c> by its chunk hash, a larger file under
/// <c>cache/files/</c> by the hash of its chunk list; both with the read-only mode the job sees. Every chunk is
/// verified (authenticated and re-hashed) as it is fetched from the store; a cached file is checked by size, mode
/// and a fixed modification time (a write through a link changes it) before reuse, and re-hashed too when
/// <see cref="DataOptions.VerifyCachedFiles"/> is set. Entries are never evicted yet; deleting the directory is safe
/// while no job is starting (linked files keep their data).
/// </summary>
internal sealed class InputCache(DataStore data)
{
    /// <summary>The modification time every cache entry carries; anything else means it was written after caching.</summary>
    public static readonly DateTime Stamp = DateTime.UnixEpoch.AddSeconds(1_000_000_000);

    private string Root => data.CacheDir;

    /// <summary>The mode a job sees on an input file: the pushed mode without any write bit, readable by its owner.</summary>
    public static UnixFileMode ReadOnlyMode(int mode) => (UnixFileMode)((mode & 0b101_101_101) | 0b100_000_000);

    /// <summary>Returns the path of a verified, read-only cached copy of <paramref name="file"/>, building it when absent.</summary>
    public async Task<string> EnsureAsync(ManifestFile file, CancellationToken cancellationToken)
    {
        var mode = ReadOnlyMode(file.Mode);
        var key = file.Chunks.Count == 1 ? file.Chunks[0] : FileKey(file);
        var kind = file.Chunks.Count == 1 ? "chunks" : "files";
        var path = Path.Join(Root, kind, key[..2], $"{key}-{Convert.ToString((int)mode, 8)}");
        if (await IsValidAsync(path, file, mode, cancellationToken))
            return path;

        var temp = Path.Join(Root, "tmp");
        Directory.CreateDirectory(temp);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var staging = Path.Join(temp, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        try
        {
            long written = 0;
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0, PreallocationSize = file.Size };
            await using (var stream = new FileStream(staging, options))
            {
                foreach (var hash in file.Chunks)
                {
                    var chunk = await data.Chunks.GetChunkAsync(hash, cancellationToken);
                    written += chunk.Length;
                    if (written > file.Size)
                        throw new InvalidDataException($"file '{file.Path}': its chunks hold more than the {file.Size} bytes the manifest says");
                    await stream.WriteAsync(chunk, cancellationToken);
                }
            }

            if (written != file.Size)
                throw new InvalidDataException($"file '{file.Path}': its chunks hold {written} bytes, the manifest says {file.Size}");
            File.SetLastWriteTimeUtc(staging, Stamp);
            File.SetUnixFileMode(staging, mode);
            File.Move(staging, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(staging);
        }
    }

    private async Task<bool> IsValidAsync(string path, ManifestFile file, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != file.Size || info.LastWriteTimeUtc != Stamp || info.UnixFileMode != mode || info.LinkTarget is not null)
            return false;
        if (!data.Options.VerifyCachedFiles)
            return true;
        await using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
        using var reader = new ChunkReader(stream, new ContentChunker());
        var index = 0;
        while (true)
        {
            var chunk = await reader.ReadNextAsync(cancellationToken);
            if (chunk.IsEmpty)
                return index == file.Chunks.Count;
            if (index >= file.Chunks.Count || !ChunkHash.Matches(file.Chunks[index++], chunk.Span))
                return false;
        }
    }

    private static string FileKey(ManifestFile file)
    {
        var text = new StringBuilder("gantry-cached-file/v1\n").Append(file.Size).Append('\n').AppendJoin(',', file.Chunks);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
