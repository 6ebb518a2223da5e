using System.Net;
using System.Net.Http.Json;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Core.Jobs;
using Gantry.Server;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

/// <summary>
/// A real server with a Kubernetes pool "k8s" on a stand-in API server (<see cref="FakeKubernetesApi"/>: there is no
/// cluster here). Jobs with dataset inputs or outputs need the pool's JobVolume; without it they are refused at submit
/// or kept in pools whose tasks see the job directory; with it their inputs are ready in the directory the pod mounts.
/// </summary>
public sealed class KubernetesPoolTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;
    private string _work = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _work = Directory.CreateTempSubdirectory("gantry-k8spool-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task DataJobs_ForAPoolWithoutJobVolume_AreRefused_NamingTheSetting_AndNothingIsStored()
    {
        await using var server = await TestServer.StartAsync(_api.Pool(TestServer.DefaultConfig(gpus: 1), "k8s"));
        await PushAsync(server, "corpus");
        var before = await JobCountAsync(server);

        var input = await SubmitProblemAsync(server, WithInput(TestServer.Shell("true")) with { Pool = "k8s" });
        var output = await SubmitProblemAsync(server, TestServer.Shell("true") with { Pool = "k8s", Outputs = [new DataOutputSpec { Dataset = "result", Path = "out" }] });
        var onlyThere = await SubmitProblemAsync(server, WithInput(TestServer.Shell("true", gpus: 2)));

        Assert.Contains("the pods of Kubernetes pool 'k8s' cannot see its job directory: set Pools:k8s:Kubernetes:JobVolume", input, StringComparison.Ordinal);
        Assert.Contains("set Pools:k8s:Kubernetes:JobVolume", output, StringComparison.Ordinal);
        Assert.Contains("(no other pool it may use can ever fit it)", onlyThere, StringComparison.Ordinal);
        Assert.Equal(before, await JobCountAsync(server));
        Assert.Empty(_api.CreatedJobs);
    }

    [Fact]
    public async Task ADataJobWithoutAPool_WaitsForThePoolThatSeesItsDirectory_WhileOthersGoToKubernetes()
    {
        await using var server = await TestServer.StartAsync(_api.Pool(TestServer.DefaultConfig(gpus: 1), "k8s"));
        await PushAsync(server, "corpus");
        var blocker = (await server.Admin.SubmitAsync(TestServer.Shell("sleep 600", gpus: 1) with { Pool = "local", TimeLimit = "1h" })).JobIds[0];
        await server.Admin.WaitForAsync(blocker, j => j.State == JobState.Running);

        var data = (await server.Admin.SubmitAsync(WithInput(TestServer.Shell("cat data/hello.txt", gpus: 1)))).JobIds[0];
        var plain = (await server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 1))).JobIds[0];
        var ran = await server.Admin.WaitAsync(plain);

        // The plain job went to the Kubernetes node (whose stand-in API refuses it); the data job never did.
        Assert.Equal(JobState.Failed, ran.State);
        Assert.Equal(FakeKubernetesApi.NodeName, ran.Node);
        Assert.Contains("jobs are refused by the test API", ran.Reason, StringComparison.Ordinal);
        Assert.Equal(JobState.Queued, (await server.Admin.GetFromJsonAsync<JobView>($"/api/v1/jobs/{data}", Gantry.Core.GantryJson.Options, Ct))!.State);
        Assert.DoesNotContain(_api.CreatedJobs, j => j.Contains($"\"gantry-{data}-", StringComparison.Ordinal));

        await server.Admin.PostAsync($"/api/v1/jobs/{blocker}/cancel", null, Ct);
        var done = await server.Admin.WaitAsync(data);
        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Reason}");
        Assert.Equal("testnode", done.Node);
    }

    [Fact]
    public async Task WithJobVolume_ADataJobIsAccepted_AndItsPodMountsTheDirectoryWhereItsInputsAre()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-test-").FullName;
        var config = _api.Pool(TestServer.DefaultConfig(gpus: 1), "k8s");
        config["Pools:k8s:Kubernetes:JobVolume:HostPath"] = Path.Join(dataDir, "jobs");
        await using var server = await TestServer.StartAsync(config, dataDir);
        await PushAsync(server, "corpus");

        var id = (await server.Admin.SubmitAsync(WithInput(TestServer.Shell("cat data/hello.txt")) with { Pool = "k8s" })).JobIds[0];
        var job = await server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("jobs are refused by the test API", job.Reason, StringComparison.Ordinal);
        var jobDir = Path.Join(dataDir, "jobs", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("hello gantry", await File.ReadAllTextAsync(Path.Join(jobDir, "work", "data", "hello.txt"), Ct));
        Assert.True(Directory.Exists(Path.Join(jobDir, "output")));
        var manifest = Assert.Single(_api.CreatedJobs, j => j.Contains($"\"gantry-{id}-1\"", StringComparison.Ordinal));
        using var document = System.Text.Json.JsonDocument.Parse(manifest);
        var pod = document.RootElement.GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.Equal(Path.Join(dataDir, "jobs"), pod.GetProperty("volumes")[0].GetProperty("hostPath").GetProperty("path").GetString());
        var mounts = pod.GetProperty("containers")[0].GetProperty("volumeMounts").EnumerateArray().Select(m => (m.GetProperty("mountPath").GetString(), m.GetProperty("subPath").GetString(), m.TryGetProperty("readOnly", out var ro) && ro.GetBoolean())).ToArray();
        Assert.Equal([("/gantry/job", $"{id}", false), ("/gantry/job/work/data", $"{id}/work/data", true)], mounts);
    }

    [Theory]
    [InlineData("HostPath", "/srv/not-the-data-dir", "is not on the volume: HostPath (ServerPath is not set) is /srv/not-the-data-dir")]
    [InlineData("MountPath", "relative", "JobVolume:MountPath 'relative' must be an absolute path")]
    public async Task ABadJobVolume_StopsTheServerAtStartUp_WithTheReason(string key, string value, string expected)
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-test-").FullName;
        var config = _api.Pool(TestServer.DefaultConfig(), "k8s");
        config[$"Pools:k8s:Kubernetes:JobVolume:{key}"] = value;
        if (key != "HostPath")
            config["Pools:k8s:Kubernetes:JobVolume:ClaimName"] = "gantry-jobs";
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), TestMetadata.With(config, dataDir), Ct));

            Assert.Contains("Pools:k8s:Kubernetes", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await TestMetadata.DropAsync(dataDir);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static JobSpec WithInput(JobSpec spec) => spec with { Inputs = [new DataInputSpec { Dataset = "corpus", Path = "data" }] };

    private async Task PushAsync(TestServer server, string name)
    {
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest(name), Ct);
        var tree = Path.Join(_work, name);
        Directory.CreateDirectory(tree);
        await File.WriteAllTextAsync(Path.Join(tree, "hello.txt"), "hello gantry", Ct);
        await Transfer(client).PushAsync(name, tree, Ct);
    }

    private static async Task<string> SubmitProblemAsync(TestServer server, JobSpec spec) =>
        await (await server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(spec), Ct)).ProblemAsync((HttpStatusCode)422);

    private static async Task<int> JobCountAsync(TestServer server) =>
        (await server.Admin.GetFromJsonAsync<Page<JobView>>("/api/v1/jobs?limit=500", Gantry.Core.GantryJson.Options, Ct))!.Items.Count;
}
