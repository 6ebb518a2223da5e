namespace Gantry.Storage.Blobs;

/// <summary>The JSON shape of a manifest, before validation.</summary>
internal sealed record ManifestDocument(IReadOnlyList<ManifestFile> Files, long? TotalSize, string? Hash);
