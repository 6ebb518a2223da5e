using System.Net.Http.Headers;
using Gantry.Core.Api;
using Gantry.Server;

namespace Gantry.IntegrationTests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task GantryYaml_SetsTheNode_DeclaredAccelerators_AndLimits()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-config-").FullName;
        var config = Path.Combine(dataDir, "gantry.yaml");
        await File.WriteAllTextAsync(config, """
            server:
              max_request_bytes: 2048
            local:
              node_name: yaml-node
              discover_gpus: false
              declared_accelerators:
                - model: TPU v5e slice
                  count: 4
                  is_gpu: false
                  vendor: google
            """, TestContext.Current.CancellationToken);
        await using var app = await GantryApp.StartAsync(
            new ServerSettings("127.0.0.1:0", dataDir, ConfigPath: config),
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.BootstrapToken);

        var node = Assert.Single(await (await client.GetAsync("/api/v1/nodes", TestContext.Current.CancellationToken)).ReadAsync<NodeView[]>());
        var devices = await (await client.GetAsync("/api/v1/gpus", TestContext.Current.CancellationToken)).ReadAsync<GpuView[]>();
        var gpuJob = await client.PostAsync("/api/v1/jobs", TestServer.Json(TestServer.Shell("true", gpus: 1)), TestContext.Current.CancellationToken);
        var tpuJob = TestServer.Shell("echo $GANTRY_GPUS") with { Resources = new Core.Jobs.ResourceSpec { Gpus = 4, GpuType = "tpu-v5e", Cpus = 0.1 } };
        var tpu = (await client.SubmitAsync(tpuJob)).JobIds[0];
        var big = await client.PostAsync("/api/v1/jobs", TestServer.RawJson("{\"command\": [\"" + new string('x', 4096) + "\"]}"), TestContext.Current.CancellationToken);

        Assert.Equal("yaml-node", node.Name);
        Assert.Equal(4, devices.Length);
        Assert.All(devices, d => Assert.False(d.IsGpu));
        Assert.Contains("no node in any pool has any", await gpuJob.ProblemAsync(System.Net.HttpStatusCode.UnprocessableEntity));
        Assert.Equal(Core.Jobs.JobState.Succeeded, (await client.WaitAsync(tpu)).State);
        Assert.Equal("0,1,2,3", (await client.LogAsync(tpu)).Trim());
        await big.ProblemAsync(System.Net.HttpStatusCode.RequestEntityTooLarge);
    }
}
