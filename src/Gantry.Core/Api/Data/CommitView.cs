namespace Gantry.Core.Api.Data;

/// <summary>
/// The result of committing an upload: the new version, or — when the manifest equals the latest
/// version's — that version with <see cref="Created"/> false.
/// </summary>
public sealed record CommitView(DatasetVersionView Version, bool Created);
