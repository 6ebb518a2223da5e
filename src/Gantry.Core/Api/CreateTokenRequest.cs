namespace Gantry.Core.Api;

/// <summary>
/// A new token for <see cref="User"/> (admins only) or for the caller; <see cref="ExpiresIn"/> like "30d". With
/// <see cref="Deployment"/> the token can only call that deployment's inference endpoints.
/// </summary>
public sealed record CreateTokenRequest(string? Name = null, string? User = null, string? ExpiresIn = null, string? Deployment = null);
