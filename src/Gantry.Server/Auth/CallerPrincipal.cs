using System.Security.Claims;

namespace Gantry.Server.Auth;

/// <summary>The claims principal of a <see cref="Caller"/>: its name, and the admin claim the admin policy checks.</summary>
internal static class CallerPrincipal
{
    /// <summary>
    /// Built once per cached caller and shared by its requests, so treated as immutable: nothing in the server adds
    /// identities or claims to <c>HttpContext.User</c>.
    /// </summary>
    public static ClaimsPrincipal For(Caller caller)
    {
        var identity = new ClaimsIdentity(BearerAuthenticationHandler.SchemeName);
        identity.AddClaim(new Claim(ClaimTypes.Name, caller.User));
        if (caller.IsAdmin)
            identity.AddClaim(new Claim(BearerAuthenticationHandler.AdminClaim, "true"));
        return new ClaimsPrincipal(identity);
    }
}
