using System.Text.Json;
using Gantry.Core;

namespace Gantry.Storage.Blobs;

/// <summary>
/// The JSON form of a manifest (snake_case, as the API speaks): <c>{"files":[{"path","size","mode","chunks"}],
/// "total_size","hash"}</c>. Parsing re-checks everything and recomputes the hash.
/// </summary>
public static class ManifestJson
{
    /// <summary>Writes a manifest as JSON.</summary>
    public static string Serialize(Manifest manifest) =>
        JsonSerializer.Serialize(new ManifestDocument(manifest.Files, manifest.TotalSize, manifest.Hash), GantryJson.Options);

    /// <summary>Reads and validates a manifest; a hash or total size that disagrees with the files is refused.</summary>
    public static Outcome<Manifest> Parse(string json)
    {
        ManifestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ManifestDocument>(json, GantryJson.Options);
        }
        catch (JsonException e)
        {
            return GantryError.Invalid($"the manifest is not valid JSON: {e.Message}");
        }

        if (document?.Files is null)
            return GantryError.Invalid("the manifest has no file list");
        var builder = new ManifestBuilder();
        foreach (var file in document.Files)
        {
            if (file is null)
                return GantryError.Invalid("the manifest's file list holds a null");
            builder.Add(file);
        }

        var built = builder.Build();
        if (!built.IsOk)
            return built;
        if (document.Hash is { } hash && hash != built.Value.Hash)
            return GantryError.Invalid($"the manifest says its hash is {hash}, but its content hashes to {built.Value.Hash}");
        if (document.TotalSize is { } total && total != built.Value.TotalSize)
            return GantryError.Invalid($"the manifest says its total size is {total}, but its files add up to {built.Value.TotalSize}");
        return built;
    }
}
