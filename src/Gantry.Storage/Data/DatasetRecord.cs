using Gantry.Core.Api.Data;

namespace Gantry.Storage.Data;

/// <summary>A dataset: a name (unique across projects), its project, class and tags. Times are Unix milliseconds.</summary>
public sealed class DatasetRecord
{
    public required string Name { get; set; }

    public required string Project { get; set; }

    public DataClass Class { get; set; }

    /// <summary>Tags, comma-separated, sorted (e.g. "phi,pii").</summary>
    public string Tags { get; set; } = "";

    public string? Description { get; set; }

    public required string CreatedBy { get; set; }

    public long CreatedAtMs { get; set; }

    /// <summary>Set when the dataset was deleted but lineage still needs some of its versions.</summary>
    public long? DeletedAtMs { get; set; }
}
