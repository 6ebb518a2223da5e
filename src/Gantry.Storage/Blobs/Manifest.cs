using System.Security.Cryptography;
using System.Text;

namespace Gantry.Storage.Blobs;

/// <summary>
/// A validated tree of files, each a list of chunk addresses, sorted by path. Only
/// <see cref="ManifestBuilder"/> makes one, so a manifest in hand has safe paths and well-formed hashes.
/// Its <see cref="Hash"/> covers every path, size, mode and chunk.
/// </summary>
public sealed record Manifest
{
    internal Manifest(IReadOnlyList<ManifestFile> files)
    {
        Files = files;
        TotalSize = files.Sum(f => f.Size);
        Hash = ComputeHash(files);
    }

    /// <summary>Gets the files, sorted by path (ordinal).</summary>
    public IReadOnlyList<ManifestFile> Files { get; }

    /// <summary>Gets the sum of the file sizes.</summary>
    public long TotalSize { get; }

    /// <summary>Gets the SHA-256 (lower-case hex) of the manifest's canonical form.</summary>
    public string Hash { get; }

    /// <summary>Every chunk address the manifest names, each once, in first-use order.</summary>
    public IReadOnlyList<string> ChunkHashes() => [.. Files.SelectMany(f => f.Chunks).Distinct(StringComparer.Ordinal)];

    /// <inheritdoc />
    public bool Equals(Manifest? other) => other is not null && Hash == other.Hash;

    /// <inheritdoc />
    public override int GetHashCode() => Hash.GetHashCode(StringComparison.Ordinal);

    // One line per file: path, size, octal mode, comma-separated chunks. Paths hold no control characters,
    // so tabs and newlines cannot be forged.
    private static string ComputeHash(IReadOnlyList<ManifestFile> files)
    {
        var text = new StringBuilder("gantry-manifest/v1\n");
        foreach (var file in files)
        {
            text.Append(file.Path).Append('\t').Append(file.Size).Append('\t')
                .Append(Convert.ToString(file.Mode, 8)).Append('\t').AppendJoin(',', file.Chunks).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
