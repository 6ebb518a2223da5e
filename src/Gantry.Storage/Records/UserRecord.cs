namespace Gantry.Storage.Records;

public sealed class UserRecord
{
    public required string Name { get; set; }

    public bool IsAdmin { get; set; }

    public long CreatedAtMs { get; set; }
}
