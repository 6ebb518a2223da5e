namespace Gantry.Storage.Records;

public sealed class ProjectRecord
{
    public required string Name { get; set; }

    public long CreatedAtMs { get; set; }
}
