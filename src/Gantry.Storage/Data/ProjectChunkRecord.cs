namespace Gantry.Storage.Data;

/// <summary>
/// A chunk a project may use: one of its committed versions names it, or one of its members uploaded its bytes.
/// The server treats a stored chunk as present only for projects that have it here, so a chunk address never
/// proves to another project that the bytes exist, nor lets it commit a manifest naming bytes it never had.
/// </summary>
public sealed class ProjectChunkRecord
{
    public required string Project { get; set; }

    public required string Hash { get; set; }
}
