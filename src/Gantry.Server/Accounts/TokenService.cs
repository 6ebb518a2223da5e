using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Text;
using Gantry.Server.Auth;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Accounts;

/// <summary>Creates, lists and revokes bearer tokens. The secret exists only in the create response.</summary>
internal sealed class TokenService(MetadataStore store, MetadataWriter writer, CallerCache callers)
{
    public async Task<Outcome<TokenCreated>> CreateAsync(Caller caller, CreateTokenRequest request, CancellationToken cancellationToken)
    {
        var user = request.User ?? caller.User;
        var name = request.Name ?? "token";
        var target = "user/" + user;
        TimeSpan? lifetime = null;
        GantryError? invalid = null;
        if ((NameRules.Check(user, "user") ?? NameRules.Check(name, "token name")) is { } nameError)
            invalid = GantryError.Invalid(nameError);
        else if (request.ExpiresIn is not null)
        {
            var parsed = DurationText.Parse(request.ExpiresIn, "expires_in");
            if (!parsed.IsOk)
                invalid = parsed.Error;
            else if (parsed.Value <= TimeSpan.Zero || parsed.Value > TimeSpan.FromDays(3650))
                invalid = GantryError.Invalid("expires_in must be above zero and at most 10 years");
            else
                lifetime = parsed.Value;
        }

        if (invalid is null && user != caller.User && !caller.IsAdmin)
            invalid = GantryError.Forbidden("only an admin can create tokens for another user");

        var secret = TokenSecrets.Generate();
        return await writer.WriteAsync(scope =>
        {
            if (invalid is not null)
                return AccountService.Refuse(scope, caller, "token.create", target, invalid);
            if (scope.Db.Users.Find(user) is null)
                return AccountService.Refuse(scope, caller, "token.create", target, GantryError.NotFound($"user '{user}' not found"));
            if (request.Deployment is { } scoped && DeploymentScope(caller, scope.Db.Deployments.Find(scoped), scoped) is { } refused)
                return AccountService.Refuse(scope, caller, "token.create", target, refused);
            var expires = lifetime is { } l ? scope.Now + l : (DateTimeOffset?)null;
            var token = new TokenRecord
            {
                Id = scope.NextTokenId(),
                Name = name,
                User = user,
                Hash = TokenSecrets.Hash(secret),
                CreatedAtMs = scope.NowMs,
                ExpiresAtMs = expires?.ToUnixTimeMilliseconds(),
                Deployment = request.Deployment,
            };
            scope.Db.Tokens.Add(token);
            scope.Audit(caller.User, "token.create", $"token/{token.Id}", "ok", $"for {user}: {name}" + (request.Deployment is { } d ? $", scoped to deployment {d}" : ""));
            return Outcome<TokenCreated>.Ok(new TokenCreated(token.Id, name, user, secret, expires, request.Deployment));
        }, cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<TokenView>>> ListAsync(Caller caller, string? user, CancellationToken cancellationToken)
    {
        if (user is not null && user != caller.User && !caller.IsAdmin)
            return GantryError.Forbidden("only an admin can list another user's tokens");
        await using var db = store.CreateContext();
        var query = db.Tokens.AsNoTracking().AsQueryable();
        if (user is not null)
            query = query.Where(t => t.User == user);
        else if (!caller.IsAdmin)
            query = query.Where(t => t.User == caller.User);
        var tokens = await query.OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return tokens.Select(t => new TokenView(
            t.Id,
            t.Name,
            t.User,
            DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAtMs),
            t.ExpiresAtMs is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            t.RevokedAtMs is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null,
            t.Deployment)).ToArray();
    }

    /// <summary>A deployment-scoped token may be made by whoever may manage the deployment (a member of its project).</summary>
    private static GantryError? DeploymentScope(Caller caller, DeploymentRecord? deployment, string name)
    {
        if (deployment is null || !caller.CanSee(deployment.Project))
            return GantryError.NotFound($"deployment '{name}' not found");
        return ProjectAccess.Require(caller, deployment.Project, Role.Member, "creating tokens for a deployment");
    }

    public Task<Outcome<bool>> RevokeAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        writer.WriteAsync(scope =>
        {
            var target = $"token/{id}";
            var token = scope.Db.Tokens.Find(id);
            if (token is null || (token.User != caller.User && !caller.IsAdmin))
                return AccountService.Refuse(scope, caller, "token.revoke", target, GantryError.NotFound($"token {id} not found"));
            if (token.RevokedAtMs is null)
                token.RevokedAtMs = scope.NowMs;
            scope.Audit(caller.User, "token.revoke", target, "ok", $"of {token.User}");
            scope.AfterCommit(callers.Invalidate);
            return Outcome<bool>.Ok(true);
        }, cancellationToken);
}
