namespace Gantry.Storage.Data;

/// <summary>One immutable version of a dataset: the manifest committed for it. The key is (Dataset, Version).</summary>
public sealed class DatasetVersionRecord
{
    public required string Dataset { get; set; }

    public int Version { get; set; }

    public required string ManifestHash { get; set; }

    /// <summary>The manifest in its JSON form (<see cref="Blobs.ManifestJson"/>).</summary>
    public required string ManifestJson { get; set; }

    public long SizeBytes { get; set; }

    public int Files { get; set; }

    public int Chunks { get; set; }

    public required string CreatedBy { get; set; }

    public long CreatedAtMs { get; set; }

    /// <summary>The job whose output this version is, if a job made it.</summary>
    public long? ProducedByJob { get; set; }

    /// <summary>The upload committed as this version, so a retried commit finds it.</summary>
    public string? UploadId { get; set; }
}
