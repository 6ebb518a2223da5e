namespace Gantry.Storage.Records;

/// <summary>A bearer token: only its SHA-256 is stored, never the secret.</summary>
public sealed class TokenRecord
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string User { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token string.</summary>
    public required string Hash { get; set; }

    public long CreatedAtMs { get; set; }

    public long? ExpiresAtMs { get; set; }

    public long? RevokedAtMs { get; set; }

    /// <summary>The one deployment this token may call (inference only), or null for an ordinary token.</summary>
    public string? Deployment { get; set; }
}
