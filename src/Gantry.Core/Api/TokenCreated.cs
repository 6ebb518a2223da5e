namespace Gantry.Core.Api;

/// <summary>The only time a token's secret is shown.</summary>
public sealed record TokenCreated(long Id, string Name, string User, string Token, DateTimeOffset? ExpiresAt, string? Deployment = null);
