using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Server;
using Gantry.Storage.Tests;

namespace Gantry.IntegrationTests;

/// <summary>Two `gantry server` processes on one PostgreSQL database: both serve the API, exactly one schedules.</summary>
public sealed class LeaderElectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoServers_OneLeads_AndWhenItIsKilled_TheOtherTakesOver_LosingNoAcknowledgedJob()
    {
        Requirements.Require(TestPostgres.IsConfigured, TestPostgres.Missing);
        var dataDir = Directory.CreateTempSubdirectory("gantry-leader-").FullName;
        var database = TestPostgres.NewDatabase();
        var config = TestMetadata.Postgres(database);
        config["Metadata:LeaderRetryInterval"] = "00:00:00.250";
        config["Metadata:PollInterval"] = "00:00:00.250";
        try
        {
            using var first = await ServerProcess.StartAsync(dataDir, config);
            var token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.token"), Ct)).Trim();
            using var second = await ServerProcess.StartAsync(dataDir, config);
            using var leader = first.ClientFor(token);
            using var follower = second.ClientFor(token);

            Assert.True((await ClusterAsync(leader)).Leader);
            var following = await ClusterAsync(follower);
            Assert.False(following.Leader);
            Assert.Equal("follower", following.Role);
            Assert.Equal("postgres", following.Metadata);

            // A token revoked through one server is refused by the other, which had it cached.
            var created = await (await leader.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("short-lived")), Ct)).ReadAsync<TokenCreated>();
            using (var holder = second.ClientFor(created.Token))
            {
                Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/api/v1/whoami", Ct)).StatusCode);
                (await leader.DeleteAsync($"/api/v1/tokens/{created.Id}", Ct)).EnsureSuccessStatusCode();
                await WaitUntilAsync(async () => (await holder.GetAsync("/api/v1/whoami", Ct)).StatusCode == HttpStatusCode.Unauthorized, "the follower kept accepting a revoked token");
            }

            // A cancel taken by the follower stops the process the leader runs.
            var doomed = (await follower.SubmitAsync(TestServer.Shell("sleep 120", name: "doomed"))).JobIds[0];
            await follower.WaitForAsync(doomed, j => j.State == JobState.Running);
            (await follower.PostAsync($"/api/v1/jobs/{doomed}/cancel", null, Ct)).EnsureSuccessStatusCode();
            Assert.Equal(JobState.Cancelled, (await follower.WaitAsync(doomed)).State);

            // Submissions through both servers at once: one audit chain, one id sequence.
            var acknowledged = (await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                    (i % 2 == 0 ? leader : follower).SubmitAsync(TestServer.Shell("sleep 2; echo done", name: $"both-{i}") with { MaxRetries = 1 }))))
                .Select(r => r.JobIds[0]).ToList();
            Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
            await follower.WaitForAsync(acknowledged[0], j => j.State == JobState.Running);

            await first.KillAsync();
            for (var i = 0; i < 4; i++)
                acknowledged.Add((await follower.SubmitAsync(TestServer.Shell("echo after", name: $"after-{i}"))).JobIds[0]);
            await WaitUntilAsync(async () => (await ClusterAsync(follower)).Leader, "the follower never took the lead");

            foreach (var id in acknowledged)
            {
                var job = await follower.WaitAsync(id);
                Assert.True(job.State == JobState.Succeeded, $"job {id} ended {job.State}: {job.Reason}");
            }

            var verify = await (await follower.GetAsync("/api/v1/audit/verify", Ct)).ReadAsync<AuditVerifyResult>();
            Assert.True(verify.Ok, verify.Problem);
        }
        finally
        {
            await TestPostgres.DropAsync(database);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task TwoServersStartingTogether_OnAnEmptyDatabase_CreateOneAdmin_WhoseTokenIsTheFile()
    {
        Requirements.Require(TestPostgres.IsConfigured, TestPostgres.Missing);
        var dataDir = Directory.CreateTempSubdirectory("gantry-boot-").FullName;
        var database = TestPostgres.NewDatabase();
        var config = TestServer.DefaultConfig();
        foreach (var (key, value) in TestMetadata.Postgres(database))
            config[key] = value;
        await Gantry.Storage.MetadataStore.Postgres(database).InitializeAsync(Ct); // the schema first: this test is about the bootstrap
        try
        {
            var apps = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), config, Ct)));
            try
            {
                var token = Assert.Single(apps, a => a.BootstrapToken is not null).BootstrapToken;
                Assert.Equal(token, (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.token"), Ct)).Trim());
                Assert.DoesNotContain(Directory.GetFiles(dataDir).Select(Path.GetFileName), f => f!.StartsWith("admin.token.", StringComparison.Ordinal));
                foreach (var app in apps)
                {
                    using var client = new HttpClient { BaseAddress = new Uri(app.Address) };
                    client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                    Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/whoami", Ct)).StatusCode);
                }
            }
            finally
            {
                foreach (var app in apps)
                    await app.DisposeAsync();
            }
        }
        finally
        {
            await TestPostgres.DropAsync(database);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task SingleServer_Leads_AndSaysSo()
    {
        await using var server = await TestServer.StartAsync();

        var status = await ClusterAsync(server.Admin);
        using var ready = await server.Admin.GetAsync("/readyz", Ct);

        Assert.True(status.Leader);
        Assert.Equal("leader", status.Role);
        Assert.Equal(TestMetadata.UsePostgres ? "postgres" : "sqlite", status.Metadata);
        Assert.NotNull(status.LeaderSince);
        Assert.Equal("leader", Assert.Single(ready.Headers.GetValues("X-Gantry-Role")));
    }

    [Theory]
    [InlineData("oracle", null, "Metadata:Provider must be 'sqlite' or 'postgres', not 'oracle'")]
    [InlineData("postgres", null, "Metadata:ConnectionString (or GANTRY_Metadata__ConnectionString) is not set")]
    public async Task BadMetadataConfiguration_StopsTheStart_WithAClearMessage(string provider, string? connection, string message)
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-badmeta-").FullName;
        var config = TestServer.DefaultConfig();
        config["Metadata:Provider"] = provider;
        config["Metadata:ConnectionString"] = connection;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), config, Ct));

        Assert.Contains(message, failure.Message);
        Directory.Delete(dataDir, recursive: true);
    }

    private static async Task<ClusterStatusView> ClusterAsync(HttpClient client) =>
        await (await client.GetAsync("/api/v1/cluster", Ct)).ReadAsync<ClusterStatusView>();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, failure);
            await Task.Delay(100, Ct);
        }
    }
}
