using System.Text.Json;
using Gantry.Cli.Commands.Data;
using Gantry.Core;
using Gantry.Core.Api.Data;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

/// <summary>`gantry dataset …`, `gantry model …` and `gantry data …` against a real server, in-process through CliApp.</summary>
public sealed class DataCliTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _work = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _work = Directory.CreateTempSubdirectory("gantry-datacli-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Dataset_CreatePushPullShow_RoundTrip()
    {
        var tree = Tree(Path.Join(_work, "photos"), seed: 41, small: 25, large: 1);

        var create = await RunAsync("dataset", "create", "photos", "--class", "confidential", "--tag", "pii", "--json");
        var push = await RunAsync("dataset", "push", "photos", "photos", "--json");
        var again = await RunAsync("dataset", "push", "photos", "photos");
        var pull = await RunAsync("dataset", "pull", "photos@1", "copy", "--json");
        var show = await RunAsync("dataset", "show", "photos");
        var version = await RunAsync("dataset", "show", "photos@1", "--json");
        var list = await RunAsync("dataset", "ls");
        var versions = await RunAsync("dataset", "versions", "photos");
        var exists = await RunAsync("dataset", "pull", "photos", "copy");
        var usage = await RunAsync("dataset", "pull", "photos@x", "elsewhere");
        var remove = await RunAsync("dataset", "rm", "photos");

        Assert.Equal(0, create.ExitCode);
        Assert.Equal(DataClass.Confidential, Json<DatasetView>(create).Class);
        Assert.Equal(0, push.ExitCode);
        var pushed = Json<PushResult>(push);
        Assert.Equal(1, pushed.Commit.Version.Version);
        Assert.Equal(pushed.Chunks, pushed.ChunksSent);
        Assert.Contains("unchanged: photos@1", again.Output);
        Assert.Equal(0, pull.ExitCode);
        Assert.Equal(await HashOfAsync(tree), await HashOfAsync(Json<PullResult>(pull).Directory));
        Assert.Contains("confidential", show.Output);
        Assert.Contains("pii", show.Output);
        Assert.Equal(pushed.Commit.Version.ManifestHash, Json<DatasetVersionDetail>(version).Version.ManifestHash);
        Assert.Contains("photos", list.Output);
        Assert.Contains("admin", versions.Output);
        Assert.Equal(1, exists.ExitCode);
        Assert.Contains("already exists", exists.Error);
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("deleted dataset photos", remove.Output);
    }

    [Fact]
    public async Task Model_RegisterShowStageDownload_RoundTrip()
    {
        var file = Path.Join(_work, "model.onnx");
        var bytes = DataModelFiles.Onnx();
        await File.WriteAllBytesAsync(file, bytes, Ct);
        await File.WriteAllBytesAsync(Path.Join(_work, "model.pkl"), DataModelFiles.Pickle(), Ct);

        var register = await RunAsync("model", "register", "digits", "model.onnx", "--metric", "accuracy=0.97", "--json");
        var pickle = await RunAsync("model", "register", "risky", "model.pkl");
        var show = await RunAsync("model", "show", "digits@1");
        var stage = await RunAsync("model", "stage", "digits@1", "production");
        var download = await RunAsync("model", "download", "digits@1", "copy.onnx");
        var list = await RunAsync("model", "ls");
        var versions = await RunAsync("model", "versions", "digits", "--json");
        var badStage = await RunAsync("model", "stage", "digits@1", "shipped");
        var rotate = await RunAsync("data", "rotate-key", "--json");

        Assert.Equal(0, register.ExitCode);
        var version = Json<ModelVersionView>(register);
        Assert.Equal(ModelFormat.Onnx, version.Format);
        Assert.Contains("warning", pickle.Error);
        Assert.Contains("pickle", show.Output + (await RunAsync("model", "show", "risky")).Output);
        Assert.Contains("x float32 [N,64]", show.Output);
        Assert.Contains("logits float32 [N,10]", show.Output);
        Assert.Contains(version.Sha256, show.Output);
        Assert.Contains("accuracy = 0.97", show.Output);
        Assert.Contains("digits@1 is now production", stage.Output);
        Assert.Equal(0, download.ExitCode);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Join(_work, "copy.onnx"), Ct));
        Assert.Contains("digits", list.Output);
        Assert.Equal(ModelStage.Production, Assert.Single(JsonSerializer.Deserialize<List<ModelVersionView>>(versions.Output, GantryJson.Options)!).Stage);
        Assert.Equal(2, badStage.ExitCode);
        Assert.Equal(0, rotate.ExitCode);
        Assert.True(Json<RewrapView>(rotate).KeyAdded);
    }

    private static T Json<T>(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonSerializer.Deserialize<T>(run.Output, GantryJson.Options)!;
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_server, _work, _server.AdminToken, args);

}
