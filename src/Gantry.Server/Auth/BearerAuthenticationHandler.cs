using System.Security.Claims;
using System.Text.Encodings.Web;
using Gantry.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c>. Every refused authentication is
/// written to the audit log before the 401 goes out.
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
    private const string RefusalKey = "gantry:auth-refusal";
    private const string ScopeRefusalKey = "gantry:scope-refusal";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            Context.Items[RefusalKey] = "no bearer token";
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            Context.Items[RefusalKey] = "malformed Authorization header";
            return AuthenticateResult.Fail("malformed Authorization header");
        }

        var hash = TokenSecrets.Hash(header["Bearer ".Length..].Trim());
        var (caller, refusal) = await callers.ResolveAsync(hash, Context.RequestAborted);
        if (caller is null)
        {
            Context.Items[RefusalKey] = refusal;
            return AuthenticateResult.Fail(refusal!);
        }

        if (caller.Deployment is { } deployment && !Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal))
        {
            Context.Items[ScopeRefusalKey] = (caller.User, $"this token is scoped to deployment '{deployment}': it can only call /v2/models/{deployment}");
            return AuthenticateResult.Fail("deployment-scoped token outside /v2");
        }

        Context.Features.Set(caller);
        var claims = new List<Claim> { new(ClaimTypes.Name, caller.User) };
        if (caller.IsAdmin)
            claims.Add(new Claim(AdminClaim, "true"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

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
