using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Blobs as files under a root directory, the last key segment fanned out into two directory levels
/// (<c>chunks/abcdef…</c> is <c>chunks/ab/cd/abcdef…</c>). A write goes to a temporary file, is flushed to
/// disk, then renamed into place (hard-linked when the key must be absent), so a crash never leaves a partial blob
/// under its final name.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const string TempDirectory = ".tmp";

    private readonly string _temp;

    /// <summary>Opens (and creates) a store rooted at <paramref name="root"/>.</summary>
    public FileSystemBlobStore(string root)
    {
        Root = Path.GetFullPath(root);
        _temp = Path.Join(Root, TempDirectory);
        Directory.CreateDirectory(_temp);
    }

    /// <summary>Gets the full path of the root directory.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (File.Exists(path))
            return Task.FromResult(false);
        return WriteAsync(path, data, overwrite: false, cancellationToken);
    }

    /// <inheritdoc />
    public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        WriteAsync(PathOf(key), data, overwrite: true, cancellationToken);

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(key)));

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (BlobKey.CheckPrefix(prefix) is { } problem)
            throw new ArgumentException(problem, nameof(prefix));
        await Task.Yield();
        // Walk the deepest directory the prefix names in full; fan-out directories sit below it.
        var slash = prefix.LastIndexOf('/');
        var baseKey = slash < 0 ? "" : prefix[..slash];
        var directory = baseKey.Length == 0 ? Root : Path.Join(Root, baseKey);
        if (!Directory.Exists(directory))
            yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var file in Directory.EnumerateFiles(directory, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(Root, file);
            if (relative.StartsWith(TempDirectory + "/", StringComparison.Ordinal))
                continue;
            if (KeyOf(relative) is { } key && key.StartsWith(prefix, StringComparison.Ordinal))
                yield return key;
        }
    }

    private static string? KeyOf(string relative)
    {
        var segments = relative.Split('/');
        var name = segments[^1];
        if (segments.Length < 3 || name.Length < 4 || segments[^3] != name[..2] || segments[^2] != name[2..4])
            return null; // not a file this store wrote
        var key = string.Join('/', segments[..^3].Append(name));
        return BlobKey.Check(key) is null ? key : null;
    }

    private string PathOf(string key)
    {
        BlobKey.ThrowIfInvalid(key);
        var slash = key.LastIndexOf('/');
        var name = key[(slash + 1)..];
        var directory = slash < 0 ? Root : Path.Join(Root, key[..slash]);
        var path = Path.Join(directory, name[..2], name[2..4], name);
        // The key rules already exclude this; a second check costs nothing.
        if (!path.StartsWith(Root + "/", StringComparison.Ordinal) || Path.GetFullPath(path) != path)
            throw new ArgumentException($"blob key '{key}' leads outside the store", nameof(key));
        return path;
    }

    private async Task<bool> WriteAsync(string path, ReadOnlyMemory<byte> data, bool overwrite, CancellationToken cancellationToken)
    {
        var temp = Path.Join(_temp, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + ".part");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                BufferSize = 0,
                PreallocationSize = data.Length,
            };
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(data, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            var directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            if (overwrite)
                File.Move(temp, path, overwrite: true);
            else if (!HardLink.TryCreate(temp, path))
                return false; // another writer stored the same key first; the temporary file goes below

            DirectorySync.Flush(directory);
            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
