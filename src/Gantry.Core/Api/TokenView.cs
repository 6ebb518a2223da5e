namespace Gantry.Core.Api;

public sealed record TokenView(
    long Id,
    string Name,
    string User,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? Deployment = null);
