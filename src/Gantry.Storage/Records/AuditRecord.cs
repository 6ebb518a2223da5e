namespace Gantry.Storage.Records;

/// <summary>One audit entry; <see cref="Hash"/> covers the entry and <see cref="PrevHash"/>, chaining it to the one before.</summary>
public sealed class AuditRecord
{
    public long Seq { get; set; }

    public long AtMs { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public required string Outcome { get; set; }

    public string? Detail { get; set; }

    public required string PrevHash { get; set; }

    public required string Hash { get; set; }
}
