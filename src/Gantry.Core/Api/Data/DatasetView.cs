namespace Gantry.Core.Api.Data;

/// <summary>A dataset as the API shows it. <see cref="Deleted"/> datasets keep only the versions lineage still needs.</summary>
public sealed record DatasetView(
    string Name,
    string Project,
    DataClass Class,
    IReadOnlyList<string> Tags,
    string? Description,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    int Versions,
    int? LatestVersion,
    long? LatestSizeBytes,
    bool Deleted);
