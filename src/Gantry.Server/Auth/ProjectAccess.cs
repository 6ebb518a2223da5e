using Gantry.Core;
using Gantry.Core.Api;

namespace Gantry.Server.Auth;

/// <summary>Role checks per project. A project the caller has no role in is answered as not found.</summary>
internal static class ProjectAccess
{
    public static GantryError? Require(Caller caller, string project, Role needed, string doing)
    {
        var role = caller.RoleIn(project);
        if (role is null)
            return GantryError.NotFound($"project '{project}' not found");
        if (role < needed)
            return GantryError.Forbidden(
                $"{doing} in project '{project}' needs the {needed.ToString().ToLowerInvariant()} role; you are a {role.Value.ToString().ToLowerInvariant()}");
        return null;
    }
}
