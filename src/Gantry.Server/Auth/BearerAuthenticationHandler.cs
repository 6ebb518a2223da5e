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
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0 || string.IsNullOrEmpty(header[0]))
        {
            Context.Items[RefusalKey] = "no bearer token";
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var text = header.Count == 1 ? header[0]! : header.ToString();
        if (!text.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || text.Length > 512)
        {
            Context.Items[RefusalKey] = "malformed Authorization header";
            return Task.FromResult(AuthenticateResult.Fail("malformed Authorization header"));
        }

        // The hash is the cache key: computed on the stack, looked up without a string, so a known token costs
        // one SHA-256 and one dictionary read.
        Span<char> hash = stackalloc char[TokenSecrets.HashChars];
        TokenSecrets.Hash(text.AsSpan(BearerPrefix.Length).Trim(), hash);
        if (callers.TryGetCached(hash, out var cached, out var principal))
            return Task.FromResult(Authenticated(cached, principal));
        return ResolveAsync(new string(hash));
    }

    private async Task<AuthenticateResult> ResolveAsync(string hash)
    {
        var (caller, principal, refusal) = await callers.ResolveAsync(hash, Context.RequestAborted);
        if (caller is null || principal is null)
        {
            Context.Items[RefusalKey] = refusal;
            return AuthenticateResult.Fail(refusal!);
        }

        return Authenticated(caller, principal);
    }

    private AuthenticateResult Authenticated(Caller caller, ClaimsPrincipal principal)
    {
        if (caller.Deployment is { } deployment && !Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal))
        {
            Context.Items[ScopeRefusalKey] = (caller.User, $"this token is scoped to deployment '{deployment}': it can only call /v2/models/{deployment}");
            return AuthenticateResult.Fail("deployment-scoped token outside /v2");
        }

        Context.Features.Set(caller);
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
