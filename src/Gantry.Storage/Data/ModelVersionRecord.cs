using Gantry.Core.Api.Data;

namespace Gantry.Storage.Data;

/// <summary>One model version: a one-file manifest in the chunk store plus what was learned from its bytes. The key is (Model, Version).</summary>
public sealed class ModelVersionRecord
{
    public required string Model { get; set; }

    public int Version { get; set; }

    public ModelFormat Format { get; set; }

    /// <summary>The SHA-256 of the whole file, lower-case hex: the pinned identity of the version.</summary>
    public required string Sha256 { get; set; }

    public long SizeBytes { get; set; }

    public required string FileName { get; set; }

    public required string ManifestHash { get; set; }

    public required string ManifestJson { get; set; }

    public bool Unsafe { get; set; }

    /// <summary>The <see cref="ModelSignature"/> as JSON, when the format has one.</summary>
    public string? SignatureJson { get; set; }

    /// <summary>Format details (opset, producer, tensor count) as a JSON object of strings.</summary>
    public string DetailsJson { get; set; } = "{}";

    /// <summary>Metrics as a JSON object of numbers.</summary>
    public string MetricsJson { get; set; } = "{}";

    public ModelStage Stage { get; set; }

    public long? StageChangedAtMs { get; set; }

    public required string CreatedBy { get; set; }

    public long CreatedAtMs { get; set; }

    /// <summary>The job that produced the file, if known.</summary>
    public long? ProducedByJob { get; set; }

    /// <summary>The dataset versions that job read, as a JSON array of "name@version".</summary>
    public string InputsJson { get; set; } = "[]";

    public string? UploadId { get; set; }
}
