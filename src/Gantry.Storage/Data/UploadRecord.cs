namespace Gantry.Storage.Data;

/// <summary>
/// A push in progress: the manifest a client offered for a dataset (or a model file), waiting for its chunks and
/// its commit. Re-offering the same manifest finds it again, which is how an interrupted push resumes.
/// </summary>
public sealed class UploadRecord
{
    public required string Id { get; set; }

    /// <summary>"dataset" or "model".</summary>
    public required string Kind { get; set; }

    public required string Target { get; set; }

    public required string Project { get; set; }

    public required string User { get; set; }

    public required string ManifestHash { get; set; }

    public required string ManifestJson { get; set; }

    public long SizeBytes { get; set; }

    public int Chunks { get; set; }

    public long CreatedAtMs { get; set; }

    public long ExpiresAtMs { get; set; }
}
