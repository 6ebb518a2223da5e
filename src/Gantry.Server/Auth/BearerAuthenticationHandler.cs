using System.Text.Encodings.Web;
using Gantry.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Auth;

/// <summary>
/// The bearer scheme: authenticates <c>Authorization: Bearer &lt;token&gt;</c> (see <see cref="BearerAuthenticator"/>)
/// and answers challenges and forbids. Every refused authentication is written to the audit log before the 401 goes out.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerCache callers,
    MetadataWriter writer)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string AdminClaim = "gantry:admin";
    private const string RefusalKey = BearerAuthenticator.RefusalKey;
    private const string ScopeRefusalKey = BearerAuthenticator.ScopeRefusalKey;

    /// <summary>Used where something asks the scheme itself; every request is authenticated by <see cref="BearerAuthenticationMiddleware"/>.</summary>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        BearerAuthenticator.AuthenticateAsync(Context, callers).AsTask();

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var target = $"{Request.Method} {Request.Path}";
        var remote = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (Context.Items[ScopeRefusalKey] is ValueTuple<string, string>(var user, var scope))
        {
            await writer.WriteAsync(s =>
            {
                s.Audit(user, "auth.scope", target, "denied", scope);
                return true;
            }, Context.RequestAborted);
            await Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", scope);
            return;
        }

        var reason = Context.Items[RefusalKey] as string ?? "no bearer token";
        await writer.WriteAsync(scope =>
        {
            scope.Audit("anonymous@" + remote, "auth.refused", target, "denied", reason);
            return true;
        }, Context.RequestAborted);
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            $"authentication required: {reason}; send 'Authorization: Bearer <token>'");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "this needs the admin role");
}
