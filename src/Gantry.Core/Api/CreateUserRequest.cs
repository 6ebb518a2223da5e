namespace Gantry.Core.Api;

/// <summary>Creates a user, optionally as a member of one project with a role.</summary>
public sealed record CreateUserRequest(string Name, bool? IsAdmin = null, string? Project = null, Role? Role = null);
