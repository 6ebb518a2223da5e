namespace Gantry.Core.Api.Data;

/// <summary>One immutable version of a dataset: a committed manifest.</summary>
public sealed record DatasetVersionView(
    string Dataset,
    int Version,
    string ManifestHash,
    long SizeBytes,
    int Files,
    int Chunks,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long? ProducedByJob);
