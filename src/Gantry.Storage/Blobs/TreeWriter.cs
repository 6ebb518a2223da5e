using System.Security.Cryptography;
using Gantry.Core;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Materialises a manifest into a new directory: every chunk is verified against its address, the tree is
/// built in a hidden sibling directory and renamed into place at the end, so a failed or cancelled pull
/// leaves nothing at the destination.
/// </summary>
public sealed class TreeWriter
{
    private readonly IChunkSource _source;
    private readonly TreeWriterOptions _options;

    /// <summary>Reads chunks from <paramref name="source"/>.</summary>
    public TreeWriter(IChunkSource source, TreeWriterOptions? options = null)
    {
        _source = source;
        _options = options ?? new TreeWriterOptions();
    }

    /// <summary>
    /// Writes <paramref name="manifest"/> to <paramref name="destination"/>, which must not exist (its parent
    /// must). Returns the bytes written; an existing destination is an error value. A missing or corrupted
    /// chunk throws (<see cref="ChunkMissingException"/>, <see cref="ChunkCorruptedException"/>) after cleaning up.
    /// </summary>
    public async Task<Outcome<long>> WriteAsync(Manifest manifest, string destination, CancellationToken cancellationToken = default)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        if (Directory.Exists(target) || File.Exists(target) || new FileInfo(target).LinkTarget is not null)
            return GantryError.Conflict($"'{destination}' already exists; pull into a new directory");
        var parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent))
            return GantryError.NotFound($"the parent directory of '{destination}' does not exist");

        var staging = Path.Join(parent, $".{Path.GetFileName(target)}.gantry-partial-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var directory in manifest.Files.Select(f => Path.GetDirectoryName(f.Path)).Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal))
                Directory.CreateDirectory(Inside(staging, directory!));
            await Parallel.ForEachAsync(
                manifest.Files.OrderByDescending(f => f.Size),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken },
                async (file, ct) => await WriteFileAsync(file, Inside(staging, file.Path), ct));
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target) || File.Exists(target))
            {
                Directory.Delete(staging, recursive: true);
                return GantryError.Conflict($"'{destination}' was created by someone else during the pull");
            }

            return manifest.TotalSize;
        }
        catch
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    // Manifest paths are validated already; this second check keeps a bug elsewhere from writing outside.
    private static string Inside(string root, string relative)
    {
        var path = Path.GetFullPath(Path.Join(root, relative));
        if (!path.StartsWith(root + "/", StringComparison.Ordinal))
            throw new InvalidOperationException($"manifest path '{relative}' leads outside the destination");
        return path;
    }

    private async Task WriteFileAsync(ManifestFile file, string path, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            BufferSize = 0,
            PreallocationSize = file.Size,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        long written = 0;
        await using (var stream = new FileStream(path, options))
        {
            foreach (var hash in file.Chunks)
            {
                var chunk = await _source.GetChunkAsync(hash, cancellationToken);
                // ChunkStore authenticates and re-hashes already; any other source is checked here.
                if (_source is not ChunkStore && !ChunkHash.Matches(hash, chunk))
                    throw new ChunkCorruptedException(hash, "the bytes received do not hash to the chunk's address");
                written += chunk.Length;
                if (written > file.Size)
                    throw new InvalidDataException($"file '{file.Path}': its chunks hold more than the {file.Size} bytes the manifest says");
                await stream.WriteAsync(chunk, cancellationToken);
                _options.Progress?.Report(chunk.Length);
            }
        }

        if (written != file.Size)
            throw new InvalidDataException($"file '{file.Path}': its chunks hold {written} bytes, the manifest says {file.Size}");
        File.SetUnixFileMode(path, (UnixFileMode)file.Mode);
    }
}
