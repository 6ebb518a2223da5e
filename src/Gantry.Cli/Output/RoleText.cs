using Gantry.Core;
using Gantry.Core.Api;

namespace Gantry.Cli.Output;

/// <summary>Roles as typed on the command line: viewer, member, admin.</summary>
internal static class RoleText
{
    public static string Format(Role role) => role.ToString().ToLowerInvariant();

    public static Outcome<Role> Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "viewer" => Role.Viewer,
        "member" => Role.Member,
        "admin" => Role.Admin,
        _ => GantryError.Invalid($"--role '{text}' must be viewer, member or admin"),
    };
}
