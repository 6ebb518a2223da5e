namespace Gantry.Storage.Data;

/// <summary>A registered model: a name (unique across projects) in a project.</summary>
public sealed class ModelRecord
{
    public required string Name { get; set; }

    public required string Project { get; set; }

    public string? Description { get; set; }

    public required string CreatedBy { get; set; }

    public long CreatedAtMs { get; set; }
}
