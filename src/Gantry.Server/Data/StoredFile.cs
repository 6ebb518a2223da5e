using Gantry.Storage.Blobs;

namespace Gantry.Server.Data;

/// <summary>A file cut into chunks and stored: its chunks in order with their lengths, size and whole-file SHA-256.</summary>
internal sealed record StoredFile(IReadOnlyList<string> Chunks, IReadOnlyList<int> Lengths, long Size, string Sha256)
{
    /// <summary>A one-file manifest for it.</summary>
    public Manifest ToManifest(string fileName)
    {
        var built = new ManifestBuilder().Add(fileName, Size, 0b110_100_100, Chunks).Build();
        return built.IsOk ? built.Value : throw new InvalidOperationException(built.Error.Message);
    }
}
