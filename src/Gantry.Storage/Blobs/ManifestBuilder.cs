using Gantry.Core;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Collects files and checks them into a <see cref="Manifest"/>: safe paths, no duplicates, no file that
/// is also another's directory, permission bits only, well-formed chunk hashes, sizes that fit.
/// </summary>
public sealed class ManifestBuilder
{
    /// <summary>The highest mode accepted: permission bits only (no setuid, setgid or sticky).</summary>
    public const int MaxMode = 0b111_111_111;

    private readonly List<ManifestFile> _files = [];

    /// <summary>Gets how many files were added.</summary>
    public int Count => _files.Count;

    /// <summary>Adds a file; it is checked in <see cref="Build"/>.</summary>
    public ManifestBuilder Add(ManifestFile file)
    {
        _files.Add(file);
        return this;
    }

    /// <summary>Adds a file; it is checked in <see cref="Build"/>.</summary>
    public ManifestBuilder Add(string path, long size, int mode, IReadOnlyList<string> chunks) => Add(new ManifestFile(path, size, mode, chunks));

    /// <summary>Checks every file and returns the manifest, or the first problem found.</summary>
    public Outcome<Manifest> Build()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var file in _files)
        {
            if (Check(file) is { } problem)
                return GantryError.Invalid(problem);
            if (!paths.Add(file.Path))
                return GantryError.Invalid($"file path '{file.Path}' appears twice");
            if (long.MaxValue - total < file.Size)
                return GantryError.Invalid("the files' sizes add up to more than a 64-bit count");
            total += file.Size;
        }

        foreach (var path in paths)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (paths.Contains(path[..slash]))
                    return GantryError.Invalid($"'{path[..slash]}' is both a file and the directory of '{path}'");
            }
        }

        var sorted = _files.Select(f => f with { Chunks = [.. f.Chunks] }).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        return new Manifest(sorted);
    }

    private static string? Check(ManifestFile file)
    {
        if (ManifestPath.Check(file.Path) is { } pathProblem)
            return pathProblem;
        if (file.Size < 0)
            return $"file '{file.Path}' has a negative size";
        if (file.Mode is < 0 or > MaxMode)
            return $"file '{file.Path}' has mode {Convert.ToString(file.Mode, 8)}; only permission bits (0-777 octal) are kept";
        if (file.Chunks is null)
            return $"file '{file.Path}' has no chunk list";
        if ((file.Size == 0) != (file.Chunks.Count == 0))
            return $"file '{file.Path}' has size {file.Size} and {file.Chunks.Count} chunks";
        if (file.Chunks.Count > file.Size)
            return $"file '{file.Path}' has more chunks than bytes";
        foreach (var hash in file.Chunks)
        {
            if (!ChunkHash.IsValid(hash))
                return $"file '{file.Path}' names '{hash}', which is not a chunk hash (64 lower-case hex digits)";
        }

        return null;
    }
}
