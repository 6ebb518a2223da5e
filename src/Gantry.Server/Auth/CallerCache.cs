using System.Collections.Concurrent;
using Gantry.Core.Api;
using Gantry.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Auth;

/// <summary>
/// Resolves a token hash to its <see cref="Caller"/>. Entries are reused until any user, token or
/// membership changes (<see cref="Invalidate"/> bumps a generation), so a revocation takes effect
/// on the next request. On a database other servers share, their changes do not reach this cache: there an
/// entry is trusted for at most <see cref="Leadership.MetadataOptions.PollInterval"/>, so a token revoked
/// through another server is refused here within that time.
/// </summary>
internal sealed class CallerCache(MetadataStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<Leadership.MetadataOptions> metadataOptions)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>The caller, or the reason the token is refused.</summary>
    public async Task<(Caller? Caller, string? Refusal)> ResolveAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var generation = Interlocked.Read(ref _generation);
        if (_entries.TryGetValue(tokenHash, out var cached) && cached.Generation == generation
            && (cached.ExpiresAtMs is null || cached.ExpiresAtMs > nowMs))
            return (cached.Caller, null);

        await using var db = store.CreateContext();
        var token = await db.Tokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == tokenHash, cancellationToken);
        if (token is null || !TokenSecrets.HashesEqual(token.Hash, tokenHash))
            return (null, "unknown token");
        if (token.RevokedAtMs is not null)
            return (null, "revoked token");
        if (token.ExpiresAtMs is { } expires && expires <= nowMs)
            return (null, "expired token");
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == token.User, cancellationToken);
        if (user is null)
            return (null, "token of a deleted user");
        if (token.Deployment is { } deployment)
        {
            // A deployment-scoped token carries no roles: it can reach nothing but that deployment's inference endpoints.
            var scoped = new Caller(user.Name, false, new Dictionary<string, Role>(StringComparer.Ordinal), token.Id) { Deployment = deployment };
            if (Interlocked.Read(ref _generation) == generation)
                _entries[tokenHash] = new Entry(scoped, generation, CacheUntil(token.ExpiresAtMs, nowMs));
            return (scoped, null);
        }

        var projects = await db.Memberships.AsNoTracking().Where(m => m.User == user.Name)
            .ToDictionaryAsync(m => m.Project, m => m.Role, StringComparer.Ordinal, cancellationToken);
        var caller = new Caller(user.Name, user.IsAdmin, projects, token.Id);
        if (Interlocked.Read(ref _generation) == generation)
            _entries[tokenHash] = new Entry(caller, generation, CacheUntil(token.ExpiresAtMs, nowMs));
        return (caller, null);
    }

    private long? CacheUntil(long? tokenExpiresAtMs, long nowMs)
    {
        if (!store.IsShared)
            return tokenExpiresAtMs;
        var fresh = nowMs + (long)metadataOptions.Value.PollInterval.TotalMilliseconds;
        return tokenExpiresAtMs is { } expires && expires < fresh ? expires : fresh;
    }

    private sealed record Entry(Caller Caller, long Generation, long? ExpiresAtMs);
}
