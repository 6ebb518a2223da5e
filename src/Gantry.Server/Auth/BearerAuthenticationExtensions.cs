namespace Gantry.Server.Auth;

internal static class BearerAuthenticationExtensions
{
    /// <summary>The key <c>UseAuthentication</c> sets; without it WebApplication adds its own authentication middleware in front.</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>Authenticates every request with its bearer token (in place of <c>UseAuthentication</c>).</summary>
    public static IApplicationBuilder UseBearerAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app.UseMiddleware<BearerAuthenticationMiddleware>();
    }
}
