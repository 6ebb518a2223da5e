using System.Net;
using System.Net.Http.Headers;
using Gantry.Core.Api;
using Gantry.Server.Auth;
using Gantry.Server.Leadership;
using Gantry.Serving.Tests;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.Extensions.Options;
using static Gantry.IntegrationTests.ServingTestKit;

namespace Gantry.IntegrationTests;

/// <summary>
/// The verified-token cache every request goes through (CallerCache): a hit must never outlive the token's expiry,
/// a revocation or a role change. Against a real SQLite metadata file, with a clock the test moves; and end to end
/// through the inference route, which hits the cache on every request.
/// </summary>
public sealed class TokenCacheTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gantry-token-cache-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private MetadataStore _store = null!;
    private CallerCache _cache = null!;

    public async ValueTask InitializeAsync()
    {
        _store = MetadataStore.Sqlite(Path.Combine(_dir, "gantry.db"));
        await _store.InitializeAsync(TestContext.Current.CancellationToken);
        _cache = new CallerCache(_store, _clock, Options.Create(new MetadataOptions()));
        await using var db = _store.CreateContext();
        db.Users.Add(new UserRecord { Name = "dana" });
        db.Projects.Add(new ProjectRecord { Name = "vision" });
        db.Memberships.Add(new MembershipRecord { User = "dana", Project = "vision", Role = Role.Member });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task CachedToken_IsRefused_OnceItExpires_WithoutAnotherDatabaseRead()
    {
        var hash = await AddTokenAsync(1, expiresIn: TimeSpan.FromMinutes(10));

        var first = await _cache.ResolveAsync(hash, TestContext.Current.CancellationToken);
        Assert.Equal("dana", first.Caller?.User);
        Assert.True(_cache.TryGetCached(hash, out var cached, out var principal));
        Assert.Same(first.Caller, cached);
        Assert.Equal("dana", principal.Identity?.Name);

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(_cache.TryGetCached(hash, out _, out _));
        var expired = await _cache.ResolveAsync(hash, TestContext.Current.CancellationToken);
        Assert.Null(expired.Caller);
        Assert.Equal("expired token", expired.Refusal);
    }

    [Fact]
    public async Task RevokedToken_IsRefused_AtOnce_ThoughItWasCached()
    {
        var hash = await AddTokenAsync(2);
        Assert.NotNull((await _cache.ResolveAsync(hash, TestContext.Current.CancellationToken)).Caller);
        Assert.True(_cache.TryGetCached(hash, out _, out _));

        await using (var db = _store.CreateContext())
        {
            var token = await db.Tokens.FindAsync([2L], TestContext.Current.CancellationToken);
            token!.RevokedAtMs = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // What every token, user and membership change does once committed (TokenService, AccountService).
        _cache.Invalidate();

        Assert.False(_cache.TryGetCached(hash, out _, out _));
        var revoked = await _cache.ResolveAsync(hash, TestContext.Current.CancellationToken);
        Assert.Null(revoked.Caller);
        Assert.Equal("revoked token", revoked.Refusal);
    }

    [Fact]
    public async Task RoleChange_IsSeen_OnTheNextLookup()
    {
        var hash = await AddTokenAsync(3);
        Assert.Equal(Role.Member, (await _cache.ResolveAsync(hash, TestContext.Current.CancellationToken)).Caller!.RoleIn("vision"));

        await using (var db = _store.CreateContext())
        {
            var membership = await db.Memberships.FindAsync(["dana", "vision"], TestContext.Current.CancellationToken);
            membership!.Role = Role.Viewer;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        _cache.Invalidate();
        Assert.Equal(Role.Viewer, (await _cache.ResolveAsync(hash, TestContext.Current.CancellationToken)).Caller!.RoleIn("vision"));
    }

    [Fact]
    public void HashOfASpan_IsTheStoredHash()
    {
        var token = TokenSecrets.Generate();
        Span<char> hash = stackalloc char[TokenSecrets.HashChars];
        TokenSecrets.Hash(("  " + token + " ").AsSpan().Trim(), hash);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), new string(hash));
        Assert.Equal(TokenSecrets.Hash(token), new string(hash));
    }

    [Fact]
    public async Task Inference_WithARevokedToken_IsRefusedOnTheVeryNextRequest_AndAudited()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3));
        var created = await (await server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("app")), TestContext.Current.CancellationToken)).ReadAsync<TokenCreated>();
        using var app = server.ClientFor(created.Token);
        for (var i = 0; i < 5; i++)
            (await app.InferAsync("lin", LinearRequest(1).Json)).EnsureSuccessStatusCode();

        // Whitespace around the token is not part of it; the cache hit and the database path agree.
        using var spaced = server.ClientFor(null);
        spaced.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer  " + created.Token + " ");
        (await spaced.InferAsync("lin", LinearRequest(1).Json)).EnsureSuccessStatusCode();

        var revoked = await server.Admin.DeleteAsync($"/api/v1/tokens/{created.Id}", TestContext.Current.CancellationToken);
        var after = await app.InferAsync("lin", LinearRequest(1).Json);
        var text = await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(revoked.IsSuccessStatusCode, $"revoke answered {(int)revoked.StatusCode}");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked token", text);
        Assert.Equal("Bearer", after.Headers.WwwAuthenticate.Single().Scheme);
        var audit = await server.Admin.GetStringAsync("/api/v1/audit?action=auth.refused", TestContext.Current.CancellationToken);
        Assert.Contains("revoked token", audit);
    }

    [Fact]
    public async Task Inference_WithAnUnknownOrMalformedToken_Answers401_AndNothingIsCached()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3));
        using var unknown = server.ClientFor("gnt_not-a-real-token");
        using var malformed = server.ClientFor(null);
        malformed.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "Zm9vOmJhcg==");

        var first = await unknown.InferAsync("lin", LinearRequest(1).Json);
        var second = await unknown.InferAsync("lin", LinearRequest(1).Json);
        var basic = await malformed.InferAsync("lin", LinearRequest(1).Json);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Contains("unknown token", await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Contains("malformed Authorization header", await basic.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<string> AddTokenAsync(long id, TimeSpan? expiresIn = null)
    {
        var secret = TokenSecrets.Generate();
        await using var db = _store.CreateContext();
        db.Tokens.Add(new TokenRecord
        {
            Id = id,
            Name = "t" + id,
            User = "dana",
            Hash = TokenSecrets.Hash(secret),
            CreatedAtMs = _clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ExpiresAtMs = expiresIn is { } e ? (_clock.GetUtcNow() + e).ToUnixTimeMilliseconds() : null,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return TokenSecrets.Hash(secret);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
