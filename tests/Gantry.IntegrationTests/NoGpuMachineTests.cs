using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

public sealed class NoGpuMachineTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(TestServer.DefaultConfig(gpus: 0));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GpuJob_IsRejectedWithAClearReason_WhileCpuJobsRun()
    {
        var gpu = await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true", gpus: 1)), TestContext.Current.CancellationToken);
        var cpu = (await _server.Admin.SubmitAsync(TestServer.Shell("echo cpu-only"))).JobIds[0];

        Assert.Equal("no pool can ever run this job: it asks for 1 GPUs but no node in any pool has any",
            await gpu.ProblemAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Equal(JobState.Succeeded, (await _server.Admin.WaitAsync(cpu)).State);
    }

    [Fact]
    public async Task Nodes_ShowThisMachine_AndGpusIsEmpty()
    {
        var nodes = await (await _server.Admin.GetAsync("/api/v1/nodes", TestContext.Current.CancellationToken)).ReadAsync<NodeView[]>();
        var gpus = await (await _server.Admin.GetAsync("/api/v1/gpus", TestContext.Current.CancellationToken)).ReadAsync<GpuView[]>();

        var node = Assert.Single(nodes);
        Assert.Equal("testnode", node.Name);
        Assert.Equal("local", node.Pool);
        Assert.Equal("local", node.Executor);
        Assert.Equal(Environment.ProcessorCount, node.Cpus);
        Assert.True(node.MemoryBytes > 0);
        Assert.Equal(0, node.Gpus);
        Assert.Empty(gpus);
    }
}
