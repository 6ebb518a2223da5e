namespace Gantry.Storage.Blobs;

/// <summary>One file of a manifest: its path relative to the tree root ('/'-separated), size, Unix permission bits and chunks in order.</summary>
public sealed record ManifestFile(string Path, long Size, int Mode, IReadOnlyList<string> Chunks);
