using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Gantry.Server.Auth;

/// <summary>
/// What authenticating <c>Authorization: Bearer &lt;token&gt;</c> means, shared by the middleware that runs it on every
/// request and the scheme's handler. A refusal leaves its reason in <see cref="HttpContext.Items"/> for the challenge
/// (the 401 and its audit entry) that authorization raises.
/// </summary>
internal static class BearerAuthenticator
{
    public const string RefusalKey = "gantry:auth-refusal";
    public const string ScopeRefusalKey = "gantry:scope-refusal";
    private const string Prefix = "Bearer ";

    /// <summary>The result; completes synchronously for a token the cache knows (no allocation but the ticket).</summary>
    public static ValueTask<AuthenticateResult> AuthenticateAsync(HttpContext context, CallerCache callers)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count == 0 || string.IsNullOrEmpty(header[0]))
        {
            context.Items[RefusalKey] = "no bearer token";
            return ValueTask.FromResult(AuthenticateResult.NoResult());
        }

        var text = header.Count == 1 ? header[0]! : header.ToString();
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || text.Length > 512)
        {
            context.Items[RefusalKey] = "malformed Authorization header";
            return ValueTask.FromResult(AuthenticateResult.Fail("malformed Authorization header"));
        }

        // The hash is the cache key: computed on the stack and looked up without a string, so a known token costs
        // one SHA-256 and one dictionary read.
        Span<char> hash = stackalloc char[TokenSecrets.HashChars];
        TokenSecrets.Hash(text.AsSpan(Prefix.Length).Trim(), hash);
        if (callers.TryGetCached(hash, out var cached, out var principal))
            return ValueTask.FromResult(Authenticated(context, cached, principal));
        return new ValueTask<AuthenticateResult>(ResolveAsync(context, callers, new string(hash)));
    }

    private static async Task<AuthenticateResult> ResolveAsync(HttpContext context, CallerCache callers, string hash)
    {
        var (caller, principal, refusal) = await callers.ResolveAsync(hash, context.RequestAborted);
        if (caller is null || principal is null)
        {
            context.Items[RefusalKey] = refusal;
            return AuthenticateResult.Fail(refusal!);
        }

        return Authenticated(context, caller, principal);
    }

    private static AuthenticateResult Authenticated(HttpContext context, Caller caller, ClaimsPrincipal principal)
    {
        if (caller.Deployment is { } deployment && !context.Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal))
        {
            context.Items[ScopeRefusalKey] = (caller.User, $"this token is scoped to deployment '{deployment}': it can only call /v2/models/{deployment}");
            return AuthenticateResult.Fail("deployment-scoped token outside /v2");
        }

        context.Features.Set(caller);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, BearerAuthenticationHandler.SchemeName));
    }
}
