namespace Gantry.Client;

/// <summary>Filters for listing audit entries; every one is optional.</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }

    public string? Action { get; init; }

    /// <summary>An ISO-8601 time, or a duration such as "24h" meaning that long ago.</summary>
    public string? Since { get; init; }

    /// <summary>An ISO-8601 time, or a duration such as "1h" meaning that long ago.</summary>
    public string? Until { get; init; }

    public int? Limit { get; init; }

    public string? Cursor { get; init; }
}
