using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.IntegrationTests;

public sealed class SecurityTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_NeedsNoToken_ButTheApiDoes()
    {
        using var anonymous = _server.ClientFor(null);
        Assert.Equal("ok", await anonymous.GetStringAsync("/healthz", TestContext.Current.CancellationToken));

        var response = await anonymous.GetAsync("/api/v1/jobs", TestContext.Current.CancellationToken);

        Assert.Contains("authentication required", await response.ProblemAsync(HttpStatusCode.Unauthorized));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task RefusedAuthentication_IsAudited()
    {
        using var intruder = _server.ClientFor("gnt_not-a-real-token");

        var response = await intruder.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true")), TestContext.Current.CancellationToken);

        Assert.Contains("unknown token", await response.ProblemAsync(HttpStatusCode.Unauthorized));
        var audit = await (await _server.Admin.GetAsync("/api/v1/audit?action=auth.refused", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();
        var entry = Assert.Single(audit.Items);
        Assert.Equal("denied", entry.Outcome);
        Assert.Equal("POST /api/v1/jobs", entry.Target);
        Assert.Equal("unknown token", entry.Detail);
    }

    [Fact]
    public async Task Roles_ViewerCannotSubmit_OtherProjectsAreInvisible_RevokedTokensStopWorking()
    {
        var admin = _server.Admin;
        (await admin.PostAsync("/api/v1/projects", TestServer.Json(new CreateProjectRequest("vision")), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await CreateUserAsync("alice", "default", Role.Member);
        await CreateUserAsync("bob", "default", Role.Viewer);
        await CreateUserAsync("carol", "vision", Role.Member);
        using var alice = _server.ClientFor(await TokenForAsync("alice"));
        using var bob = _server.ClientFor(await TokenForAsync("bob"));
        var carolToken = await (await admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("ci", "carol")), TestContext.Current.CancellationToken)).ReadAsync<TokenCreated>();
        using var carol = _server.ClientFor(carolToken.Token);

        var aliceJob = (await alice.SubmitAsync(TestServer.Shell("true"))).JobIds[0];
        Assert.Equal("alice", (await alice.GetJobAsync(aliceJob)).User);

        var bobSubmit = await bob.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true")), TestContext.Current.CancellationToken);
        Assert.Contains("needs the member role; you are a viewer", await bobSubmit.ProblemAsync(HttpStatusCode.Forbidden));
        Assert.Equal(aliceJob, (await bob.GetJobAsync(aliceJob)).Id);

        var carolGet = await carol.GetAsync($"/api/v1/jobs/{aliceJob}", TestContext.Current.CancellationToken);
        Assert.Contains($"job {aliceJob} not found", await carolGet.ProblemAsync(HttpStatusCode.NotFound));
        var carolCancel = await carol.PostAsync($"/api/v1/jobs/{aliceJob}/cancel", null, TestContext.Current.CancellationToken);
        await carolCancel.ProblemAsync(HttpStatusCode.NotFound);
        var carolList = await (await carol.GetAsync("/api/v1/jobs", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        Assert.DoesNotContain(carolList.Items, j => j.Id == aliceJob);
        var carolSubmitDefault = await carol.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true", project: "default")), TestContext.Current.CancellationToken);
        await carolSubmitDefault.ProblemAsync(HttpStatusCode.NotFound);

        var aliceUsers = await alice.GetAsync("/api/v1/users", TestContext.Current.CancellationToken);
        await aliceUsers.ProblemAsync(HttpStatusCode.Forbidden);

        (await admin.DeleteAsync($"/api/v1/tokens/{carolToken.Id}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var afterRevoke = await carol.GetAsync("/api/v1/whoami", TestContext.Current.CancellationToken);
        Assert.Contains("revoked token", await afterRevoke.ProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Tokens_AreStoredOnlyAsHashes()
    {
        var created = await (await _server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("mine")), TestContext.Current.CancellationToken)).ReadAsync<TokenCreated>();
        Assert.StartsWith("gnt_", created.Token);
        Assert.True(created.Token.Length >= 4 + 43, "a token carries 256 random bits");

        if (TestMetadata.UsePostgres)
        {
            // No file to search on PostgreSQL: every column of every stored token instead.
            await using var db = _server.App.Services.GetRequiredService<Gantry.Storage.MetadataStore>().CreateContext();
            var stored = string.Join('\n', (await db.Tokens.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken))
                .Select(t => System.Text.Json.JsonSerializer.Serialize(t)));
            Assert.Contains(Gantry.Server.Auth.TokenSecrets.Hash(created.Token), stored);
            Assert.DoesNotContain(created.Token, stored);
            Assert.DoesNotContain(_server.AdminToken, stored);
            return;
        }

        await _server.App.DisposeAsync();
        var database = await File.ReadAllBytesAsync(Path.Combine(_server.DataDir, "gantry.db"), TestContext.Current.CancellationToken);
        var wal = Path.Combine(_server.DataDir, "gantry.db-wal");
        var all = database.Concat(File.Exists(wal) ? await File.ReadAllBytesAsync(wal, TestContext.Current.CancellationToken) : []).ToArray();
        Assert.DoesNotContain(created.Token, System.Text.Encoding.UTF8.GetString(all));
        Assert.DoesNotContain(_server.AdminToken, System.Text.Encoding.UTF8.GetString(all));
        await _server.RestartAsync();
    }

    [Fact]
    public async Task AdminTokenFile_IsPrivate()
    {
        var mode = File.GetUnixFileMode(Path.Combine(_server.DataDir, "admin.token"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        using var admin = _server.ClientFor(_server.AdminToken);
        var me = await (await admin.GetAsync("/api/v1/whoami", TestContext.Current.CancellationToken)).ReadAsync<WhoAmI>();
        Assert.Equal("admin", me.User);
        Assert.True(me.IsAdmin);
    }

    private async Task CreateUserAsync(string name, string project, Role role)
    {
        var response = await _server.Admin.PostAsync("/api/v1/users", TestServer.Json(new CreateUserRequest(name, Project: project, Role: role)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<string> TokenForAsync(string user) =>
        (await (await _server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest(User: user)), TestContext.Current.CancellationToken)).ReadAsync<TokenCreated>()).Token;
}
