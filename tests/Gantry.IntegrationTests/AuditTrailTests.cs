using Gantry.Core.Api;
using Gantry.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.IntegrationTests;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MutatingRequests_AreRecorded_WithWhoWhatAndOutcome()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("true", name: "audited"))).JobIds[0];
        await _server.Admin.WaitAsync(id);
        await _server.Admin.PostAsync($"/api/v1/jobs/{id}/cancel", null, TestContext.Current.CancellationToken);

        var page = await (await _server.Admin.GetAsync("/api/v1/audit?actor=admin", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();

        var submit = Assert.Single(page.Items, e => e.Action == "job.submit");
        Assert.Equal($"job/{id}", submit.Target);
        Assert.Equal("ok", submit.Outcome);
        var cancel = Assert.Single(page.Items, e => e.Action == "job.cancel");
        Assert.Equal("conflict", cancel.Outcome);
        var verify = await (await _server.Admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken)).ReadAsync<AuditVerifyResult>();
        Assert.True(verify.Ok, verify.Problem);
        Assert.True(verify.Entries >= 3);
    }

    [Fact]
    public async Task Verify_NamesTheFirstChangedEntry()
    {
        for (var i = 0; i < 4; i++)
            await _server.Admin.SubmitAsync(TestServer.Shell("true"));

        await ExecuteSqlAsync("UPDATE audit SET \"Detail\" = 'nothing to see' WHERE \"Seq\" = 3");
        var verify = await (await _server.Admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken)).ReadAsync<AuditVerifyResult>();

        Assert.False(verify.Ok);
        Assert.Equal(3, verify.FirstBadSeq);
        Assert.Contains("entry 3 was changed", verify.Problem);
    }

    [Fact]
    public async Task Verify_NamesARemovedEntry()
    {
        for (var i = 0; i < 4; i++)
            await _server.Admin.SubmitAsync(TestServer.Shell("true"));

        await ExecuteSqlAsync("DELETE FROM audit WHERE \"Seq\" = 2");
        var verify = await (await _server.Admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken)).ReadAsync<AuditVerifyResult>();

        Assert.False(verify.Ok);
        Assert.Equal(2, verify.FirstBadSeq);
        Assert.Contains("entry 2 is missing", verify.Problem);
    }

    [Fact]
    public async Task Verify_NoticesEntriesCutFromTheEnd()
    {
        for (var i = 0; i < 3; i++)
            await _server.Admin.SubmitAsync(TestServer.Shell("true"));
        var before = await (await _server.Admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken)).ReadAsync<AuditVerifyResult>();

        await ExecuteSqlAsync($"DELETE FROM audit WHERE \"Seq\" = {before.Entries}");
        var verify = await (await _server.Admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken)).ReadAsync<AuditVerifyResult>();

        Assert.False(verify.Ok);
        Assert.Contains("removed from the end", verify.Problem);
    }

    [Fact]
    public async Task List_FiltersByActionAndTime()
    {
        await _server.Admin.SubmitAsync(TestServer.Shell("true"));

        var recent = await (await _server.Admin.GetAsync("/api/v1/audit?action=job.submit&since=1h", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();
        var future = await (await _server.Admin.GetAsync("/api/v1/audit?since=2999-01-01T00:00:00Z", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();
        var bad = await _server.Admin.GetAsync("/api/v1/audit?since=yesterdayish", TestContext.Current.CancellationToken);
        var ages = await (await _server.Admin.GetAsync("/api/v1/audit?since=1000000d", TestContext.Current.CancellationToken)).ReadAsync<Page<AuditEntryView>>();
        Assert.NotEmpty(ages.Items);

        Assert.All(recent.Items, e => Assert.Equal("job.submit", e.Action));
        Assert.NotEmpty(recent.Items);
        Assert.Empty(future.Items);
        Assert.Contains("neither a time", await bad.ProblemAsync(System.Net.HttpStatusCode.BadRequest));
    }

    // Tampering behind the server's back, on whichever database it uses (quoted names work on both).
    private async Task ExecuteSqlAsync(string sql)
    {
        await using var db = _server.App.Services.GetRequiredService<MetadataStore>().CreateContext();
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql, TestContext.Current.CancellationToken));
    }
}
