namespace Gantry.Core.Api.Data;

/// <summary>
/// What <c>DELETE /api/v1/datasets/{name}</c> did. Versions that lineage still names are kept (read-only,
/// hidden from lists) and the name stays taken until they go; the rest are removed.
/// </summary>
public sealed record DatasetDeleted(string Name, IReadOnlyList<int> RemovedVersions, IReadOnlyList<RetainedVersion> RetainedVersions, bool NameReleased);
