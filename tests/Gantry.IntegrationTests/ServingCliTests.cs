using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api.Serving;
using Gantry.Serving.Tests;

namespace Gantry.IntegrationTests;

/// <summary>`gantry deploy …`, `gantry infer` and `gantry token create --deployment` against a real server, in-process through CliApp.</summary>
public sealed class ServingCliTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _work = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _work = Directory.CreateTempSubdirectory("gantry-servecli-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task DeployInferScaleUpdateRemove_ThroughTheCli()
    {
        await File.WriteAllBytesAsync(Path.Join(_work, "linear.onnx"), OnnxModels.Linear(4, 3), TestContext.Current.CancellationToken);
        Assert.Equal(0, (await RunAsync("model", "register", "lin", "linear.onnx")).ExitCode);
        Assert.Equal(0, (await RunAsync("model", "register", "lin", "linear.onnx")).ExitCode);
        float[] x = [1, 2, 3, 4, -1, 0, 0.5f, 2];
        await File.WriteAllTextAsync(Path.Join(_work, "x.json"), "[[1,2,3,4],[-1,0,0.5,2]]", TestContext.Current.CancellationToken);

        var create = await RunAsync("deploy", "create", "lin", "--model", "lin@1", "--replicas", "1", "--max-batch", "8", "--json");
        var list = await RunAsync("deploy", "ls");
        var show = await RunAsync("deploy", "show", "lin");
        var inline = await RunAsync("infer", "lin", "--input", "x=[1,2,3,4,-1,0,0.5,2]", "--json");
        var fromFile = await RunAsync("infer", "lin", "--input", "x=@x.json");
        var shaped = await RunAsync("infer", "lin", "--input", "x=[1,2,3,4]", "--shape", "x=1,4", "--json");
        var wrongName = await RunAsync("infer", "lin", "--input", "z=[1]");
        var scale = await RunAsync("deploy", "scale", "lin", "--replicas", "2");
        var update = await RunAsync("deploy", "update", "lin", "--version", "2", "--json");
        var token = await RunAsync("token", "create", "--deployment", "lin");
        var remove = await RunAsync("deploy", "rm", "lin");
        var after = await RunAsync("deploy", "ls");

        Assert.Equal(0, create.ExitCode);
        var created = JsonSerializer.Deserialize<DeploymentView>(create.Output, GantryJson.Options)!;
        Assert.Equal(("ready", 8), (created.Status, created.MaxBatch));
        Assert.Contains("lin@1", list.Output);
        Assert.Contains("ready", list.Output);
        Assert.Contains("up to 8 rows", show.Output);
        Assert.Equal(0, inline.ExitCode);
        var result = JsonSerializer.Deserialize<InferResult>(inline.Output, GantryJson.Options)!;
        var y = result.Outputs.Single();
        Assert.Equal([2L, 3L], y.Shape);
        ServingTestKit.AssertClose(OnnxModels.LinearReference(x, 4, 3), y.Data.EnumerateArray().Select(e => e.GetSingle()).ToArray());
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Contains("FP32", fromFile.Output);
        Assert.Contains("[2,3]", fromFile.Output);
        Assert.Equal(0, shaped.ExitCode);
        Assert.Equal(2, wrongName.ExitCode);
        Assert.Contains("no input 'z'", wrongName.Error);
        Assert.Equal(0, scale.ExitCode);
        Assert.Contains("2 replicas", scale.Output);
        Assert.Equal(0, update.ExitCode);
        Assert.Equal(2, JsonSerializer.Deserialize<DeploymentView>(update.Output, GantryJson.Options)!.ServingVersion);
        Assert.Equal(0, token.ExitCode);
        Assert.Contains("scoped to deployment lin", token.Error);
        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("no deployments", after.Error);
    }

    [Fact]
    public async Task DeployOfAPickle_FailsWithTheReason()
    {
        await File.WriteAllBytesAsync(Path.Join(_work, "model.pkl"), DataModelFiles.Pickle(), TestContext.Current.CancellationToken);
        Assert.Equal(0, (await RunAsync("model", "register", "pickled", "model.pkl")).ExitCode);

        var create = await RunAsync("deploy", "create", "p", "--model", "pickled");
        var usage = await RunAsync("deploy", "create", "p", "--model", "pickled@x");

        Assert.Equal(1, create.ExitCode);
        Assert.Contains("pickle", create.Error);
        Assert.Equal(2, usage.ExitCode);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_server, _work, _server.AdminToken, args);

}
