using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Gantry.Core.Api;
using Gantry.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Server.Auth;

/// <summary>
/// Resolves a token hash to its <see cref="Caller"/> and claims principal. Entries are reused until any user, token or
/// membership changes (<see cref="Invalidate"/> bumps a generation), so a revocation takes effect on the next request,
/// and never past the token's expiry. On a database other servers share, their changes do not reach this cache: there
/// an entry is trusted for at most <see cref="Leadership.MetadataOptions.PollInterval"/>, so a token revoked through
/// another server is refused here within that time. A hit costs one dictionary lookup by the hash (no allocation, no
/// database): what every inference request pays.
/// </summary>
internal sealed class CallerCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly MetadataStore _store;
    private readonly TimeProvider _time;
    private readonly Microsoft.Extensions.Options.IOptions<Leadership.MetadataOptions> _metadataOptions;
    private long _generation;

    public CallerCache(MetadataStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<Leadership.MetadataOptions> metadataOptions)
    {
        _store = store;
        _time = time;
        _metadataOptions = metadataOptions;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>The cached caller of a token hash, when there is one still valid now; no database access.</summary>
    public bool TryGetCached(ReadOnlySpan<char> tokenHash, [NotNullWhen(true)] out Caller? caller, [NotNullWhen(true)] out ClaimsPrincipal? principal)
    {
        if (_bySpan.TryGetValue(tokenHash, out var cached) && IsFresh(cached, Interlocked.Read(ref _generation), NowMs()))
        {
            caller = cached.Caller;
            principal = cached.Principal;
            return true;
        }

        caller = null;
        principal = null;
        return false;
    }

    /// <summary>The caller and principal, or the reason the token is refused.</summary>
    public async Task<(Caller? Caller, ClaimsPrincipal? Principal, string? Refusal)> ResolveAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var nowMs = NowMs();
        var generation = Interlocked.Read(ref _generation);
        if (_entries.TryGetValue(tokenHash, out var cached) && IsFresh(cached, generation, nowMs))
            return (cached.Caller, cached.Principal, null);

        await using var db = _store.CreateContext();
        var token = await db.Tokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == tokenHash, cancellationToken);
        if (token is null || !TokenSecrets.HashesEqual(token.Hash, tokenHash))
            return (null, null, "unknown token");
        if (token.RevokedAtMs is not null)
            return (null, null, "revoked token");
        if (token.ExpiresAtMs is { } expires && expires <= nowMs)
            return (null, null, "expired token");
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == token.User, cancellationToken);
        if (user is null)
            return (null, null, "token of a deleted user");
        Caller caller;
        if (token.Deployment is { } deployment)
        {
            // A deployment-scoped token carries no roles: it can reach nothing but that deployment's inference endpoints.
            caller = new Caller(user.Name, false, new Dictionary<string, Role>(StringComparer.Ordinal), token.Id) { Deployment = deployment };
        }
        else
        {
            var projects = await db.Memberships.AsNoTracking().Where(m => m.User == user.Name)
                .ToDictionaryAsync(m => m.Project, m => m.Role, StringComparer.Ordinal, cancellationToken);
            caller = new Caller(user.Name, user.IsAdmin, projects, token.Id);
        }

        var principal = CallerPrincipal.For(caller);
        if (Interlocked.Read(ref _generation) == generation)
            _entries[tokenHash] = new Entry(caller, principal, generation, CacheUntil(token.ExpiresAtMs, nowMs));
        return (caller, principal, null);
    }

    private static bool IsFresh(Entry entry, long generation, long nowMs) =>
        entry.Generation == generation && (entry.ExpiresAtMs is null || entry.ExpiresAtMs > nowMs);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long? CacheUntil(long? tokenExpiresAtMs, long nowMs)
    {
        if (!_store.IsShared)
            return tokenExpiresAtMs;
        var fresh = nowMs + (long)_metadataOptions.Value.PollInterval.TotalMilliseconds;
        return tokenExpiresAtMs is { } expires && expires < fresh ? expires : fresh;
    }

    private sealed record Entry(Caller Caller, ClaimsPrincipal Principal, long Generation, long? ExpiresAtMs);
}
