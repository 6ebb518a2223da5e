using System.Security.Cryptography;
using Gantry.Storage.Blobs;

namespace Gantry.Server.Data;

/// <summary>
/// Puts a dataset version read-only under a job's working directory: each file hard-linked from the shared
/// <see cref="InputCache"/> (copied where the filesystem cannot link), directories without write permission. The
/// tree is built beside its destination and renamed into place, so a job never sees half an input; an input left
/// by an earlier attempt is replaced.
/// </summary>
internal sealed class InputMaterializer(InputCache cache)
{
    private const UnixFileMode ReadOnlyDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Materialises <paramref name="manifest"/> at <paramref name="relativePath"/> under <paramref name="workDirectory"/>; returns the files linked and copied.</summary>
    public async Task<(int Linked, int Copied)> MaterializeAsync(Manifest manifest, string workDirectory, string relativePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var destination = Path.GetFullPath(Path.Join(workDirectory, relativePath));
        if (!destination.StartsWith(Path.GetFullPath(workDirectory) + "/", StringComparison.Ordinal))
            throw new InvalidOperationException($"input path '{relativePath}' leads outside the working directory");
        var parent = Path.GetDirectoryName(destination)!;
        EnsurePlainDirectories(workDirectory, parent);

        var staging = Path.Join(parent, ".gantry-input-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(staging);
        var linked = 0;
        var copied = 0;
        try
        {
            foreach (var directory in manifest.Files.Select(f => Path.GetDirectoryName(f.Path)).Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal))
                Directory.CreateDirectory(Path.Join(staging, directory));
            await Parallel.ForEachAsync(
                manifest.Files,
                new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (file, ct) =>
                {
                    var target = Path.Join(staging, file.Path);
                    if (file.Size == 0)
                    {
                        await File.WriteAllBytesAsync(target, [], ct);
                        File.SetUnixFileMode(target, InputCache.ReadOnlyMode(file.Mode));
                        return;
                    }

                    var cached = await cache.EnsureAsync(file, ct);
                    if (NativeLink.TryLink(cached, target))
                    {
                        Interlocked.Increment(ref linked);
                        return;
                    }

                    File.Copy(cached, target);
                    File.SetUnixFileMode(target, InputCache.ReadOnlyMode(file.Mode));
                    Interlocked.Increment(ref copied);
                });

            foreach (var directory in Directory.EnumerateDirectories(staging, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .OrderByDescending(d => d.Length))
                File.SetUnixFileMode(directory, ReadOnlyDirectory);
            Remove(destination);
            Directory.Move(staging, destination);
            File.SetUnixFileMode(destination, ReadOnlyDirectory);
            return (linked, copied);
        }
        catch
        {
            Remove(staging);
            throw;
        }
    }

    /// <summary>Deletes a tree this class made read-only (or whatever a job left at that path); links are removed, never followed.</summary>
    public static void Remove(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || File.Exists(path))
        {
            File.Delete(path);
            return;
        }

        if (!Directory.Exists(path))
            return;
        var writable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.SetUnixFileMode(path, writable);
        foreach (var directory in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            File.SetUnixFileMode(directory, writable);
        Directory.Delete(path, recursive: true);
    }

    // A job may have left a symbolic link where an input's parent directory goes; inputs are never placed through one.
    private static void EnsurePlainDirectories(string root, string directory)
    {
        var relative = Path.GetRelativePath(root, directory);
        var current = root;
        foreach (var segment in relative == "." ? [] : relative.Split('/'))
        {
            current = Path.Join(current, segment);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null || File.Exists(current))
                throw new IOException($"'{Path.GetRelativePath(root, current)}' in the working directory is not a directory (a link or a file left by an earlier attempt)");
            if (!info.Exists)
                Directory.CreateDirectory(current);
        }
    }
}
