using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class ClusterApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Gpus_ShowDeclaredDevices_AndWhichJobHoldsThem()
    {
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 1))).JobIds[0];
        var running = await _server.Admin.WaitForAsync(id, j => j.State == JobState.Running);

        var gpus = await (await _server.Admin.GetAsync("/api/v1/gpus", TestContext.Current.CancellationToken)).ReadAsync<GpuView[]>();
        var nodes = await (await _server.Admin.GetAsync("/api/v1/nodes", TestContext.Current.CancellationToken)).ReadAsync<NodeView[]>();

        Assert.Equal(2, gpus.Length);
        Assert.All(gpus, g => Assert.Equal("Test GPU 16GB", g.Model));
        Assert.Equal(id, Assert.Single(gpus, g => g.JobId is not null).JobId);
        Assert.Equal(running.Gpus[0], gpus.Single(g => g.JobId == id).Index);
        Assert.Equal(1, Assert.Single(nodes).GpusAllocated);
        Assert.Equal(0.1, nodes[0].CpusAllocated, 3);

        await _server.Admin.PostAsync($"/api/v1/jobs/{id}/cancel", null, TestContext.Current.CancellationToken);
        await _server.Admin.WaitAsync(id);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheJobsApi()
    {
        var doc = await _server.Admin.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("/api/v1/jobs", doc);
        Assert.Contains("SubmitJob", doc);
    }

    [Fact]
    public async Task Readyz_IsReady_AfterStart()
    {
        using var anonymous = _server.ClientFor(null);

        Assert.Equal("ready", await anonymous.GetStringAsync("/readyz", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task JobList_PagesWithACursor_AndFilters()
    {
        var ids = (await _server.Admin.SubmitAsync(TestServer.Shell("true") with { Array = "0-6", Name = "paged" })).JobIds;

        var first = await (await _server.Admin.GetAsync("/api/v1/jobs?name=paged&limit=3", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        var second = await (await _server.Admin.GetAsync($"/api/v1/jobs?name=paged&limit=3&cursor={first.NextCursor}", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        var third = await (await _server.Admin.GetAsync($"/api/v1/jobs?name=paged&limit=3&cursor={second.NextCursor}", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        var none = await (await _server.Admin.GetAsync("/api/v1/jobs?name=other", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();

        Assert.Equal(ids.OrderDescending(), first.Items.Concat(second.Items).Concat(third.Items).Select(j => j.Id));
        Assert.Null(third.NextCursor);
        Assert.Empty(none.Items);
        foreach (var id in ids)
            await _server.Admin.WaitAsync(id);
        var succeeded = await (await _server.Admin.GetAsync($"/api/v1/jobs?state=succeeded&array_id={ids[0]}&limit=100", TestContext.Current.CancellationToken)).ReadAsync<Page<JobView>>();
        Assert.Equal(7, succeeded.Items.Count);
    }
}
