namespace Gantry.Core.Api;

/// <summary>A user's role in one project. Order matters: each role can do what the ones below it can.</summary>
public enum Role
{
    Viewer = 1,
    Member = 2,
    Admin = 3,
}
