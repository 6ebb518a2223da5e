using System.Net;
using System.Text;
using Gantry.Client;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Core.Jobs;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

/// <summary>Jobs that read datasets and write datasets and models: materialised inputs, registered outputs, lineage, refusals, deletes.</summary>
public sealed class DataJobTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _work = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _work = Directory.CreateTempSubdirectory("gantry-datajobs-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        // Input directories are read-only (0555); a user other than root could not delete the data directory otherwise.
        foreach (var directory in Directory.EnumerateDirectories(Path.Join(_server.DataDir, "jobs"), "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Inputs_AppearReadOnly_HardLinkedFromOneSharedCachedCopy()
    {
        using var client = ApiClient(_server);
        await PushCorpusAsync(client, "corpus");
        var script = "cat data/hello.txt; echo; stat -c '%a %i' data/hello.txt data/sub/data.bin; stat -c %a data data/sub data/run.sh";
        var spec = TestServer.Shell(script) with { Inputs = [new DataInputSpec { Dataset = "corpus@1", Path = "data" }] };

        var first = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        var firstJob = await _server.Admin.WaitAsync(first);
        var second = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        var secondJob = await _server.Admin.WaitAsync(second);

        Assert.True(firstJob.State == JobState.Succeeded, $"{firstJob.State}: {firstJob.Reason} {await _server.Admin.LogAsync(first, "stderr")}");
        Assert.Equal(JobState.Succeeded, secondJob.State);
        var a = (await _server.Admin.LogAsync(first)).Split('\n');
        var b = (await _server.Admin.LogAsync(second)).Split('\n');
        Assert.Equal("hello gantry", a[0]);
        Assert.StartsWith("444 ", a[1], StringComparison.Ordinal);
        Assert.StartsWith("444 ", a[2], StringComparison.Ordinal);
        Assert.Equal(["555", "555", "555"], a[3..6]);
        // The same inode in both jobs: one copy on disk, hard-linked into each working directory.
        Assert.Equal(a[1], b[1]);
        Assert.Equal(a[2], b[2]);
        var lineage = await client.GetDatasetVersionAsync("corpus", 1, Ct);
        Assert.Equal([first, second], lineage.ReadBy.Select(j => j.Id));
    }

    [Fact]
    public async Task Outputs_BecomeModelAndDatasetVersions_WithLineageFromInputsThroughTheJob()
    {
        using var client = ApiClient(_server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("raw", Class: DataClass.Confidential, Tags: ["pii"]), Ct);
        await Transfer(client).PushAsync("raw", Corpus(Path.Join(_work, "raw")), Ct);
        var model = Path.Join(_work, "digits.onnx");
        await File.WriteAllBytesAsync(model, DataModelFiles.Onnx(), Ct);
        var script = $"""
            cp '{model}' "$GANTRY_OUTPUT/model.onnx"
            echo '{"{"}"test_accuracy": 0.93, "note": "text is skipped"{"}"}' > "$GANTRY_OUTPUT/metrics.json"
            mkdir -p "$GANTRY_OUTPUT/features" && wc -c < raw/hello.txt > "$GANTRY_OUTPUT/features/size.txt"
            """;
        var spec = TestServer.Shell(script) with
        {
            Inputs = [new DataInputSpec { Dataset = "raw" }],
            Outputs = [new DataOutputSpec { Model = "digits", Path = "model.onnx" }, new DataOutputSpec { Dataset = "features", Path = "features" }],
        };

        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await _server.Admin.WaitAsync(id);

        Assert.True(job.State == JobState.Succeeded, $"{job.State}: {job.Reason}");
        var version = await client.GetModelVersionAsync("digits", null, Ct);
        Assert.Equal(1, version.Version);
        Assert.Equal(ModelFormat.Onnx, version.Format);
        Assert.Equal(id, version.Job!.Id);
        Assert.Equal(["raw@1"], version.Inputs);
        Assert.Equal(0.93, Assert.Single(version.Metrics).Value);
        Assert.Equal(["x float32 [N,64]"], version.Signature!.Inputs.Select(i => i.ToString()));
        var features = await client.GetDatasetVersionAsync("features", 1, Ct);
        Assert.Equal(id, features.Producer!.Id);
        Assert.Equal(DataClass.Confidential, features.Dataset.Class);
        Assert.Equal(["pii"], features.Dataset.Tags);
        var raw = await client.GetDatasetVersionAsync("raw", 1, Ct);
        Assert.Equal([id], raw.ReadBy.Select(j => j.Id));
        Assert.Equal([new ModelVersionRef("digits", 1)], raw.Models);
        var pulled = await Transfer(client).PullAsync("features", 1, Path.Join(_work, "features"), Ct);
        Assert.Equal("12", (await File.ReadAllTextAsync(Path.Join(pulled.Directory, "size.txt"), Ct)).Trim());
    }

    [Fact]
    public async Task DigitsExample_AsAJobWithAModelOutput_RegistersItsOnnxSignatureAndMetrics()
    {
        Requirements.Require(Requirements.PythonHas("torch", "sklearn", "onnx"),
            "needs PyTorch, scikit-learn and ONNX for /usr/bin/python3: apt-get install python3-torch python3-sklearn python3-onnx");
        var script = Path.Combine(Requirements.RepositoryRoot(), "examples", "pytorch-digits", "train.py");
        var spec = new JobSpec
        {
            Name = "digits",
            Command = ["/usr/bin/python3", script, "--epochs", "10"],
            Resources = new ResourceSpec { Cpus = 1, Memory = "2Gi" },
            TimeLimit = "10m",
            Outputs = [new DataOutputSpec { Model = "digits-mlp", Path = "model.onnx" }],
        };

        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await _server.Admin.WaitAsync(id);
        using var client = ApiClient(_server);
        var version = await client.GetModelVersionAsync("digits-mlp", null, Ct);

        Assert.True(job.State == JobState.Succeeded, $"{job.State}: {job.Reason}\n{await _server.Admin.LogAsync(id, "stderr")}");
        Assert.Equal(ModelFormat.Onnx, version.Format);
        Assert.Equal(["x float32 [N,64]"], version.Signature!.Inputs.Select(i => i.ToString()));
        Assert.Equal(["logits float32 [N,10]"], version.Signature.Outputs.Select(o => o.ToString()));
        Assert.True(version.Metrics["test_accuracy"] >= 0.8, $"accuracy {version.Metrics["test_accuracy"]}");
        Assert.Equal(id, version.Job!.Id);
    }

    [Fact]
    public async Task OutputTheJobDidNotWrite_FailsTheJob_WithTheReason()
    {
        var spec = TestServer.Shell("echo no model here") with { Outputs = [new DataOutputSpec { Model = "ghost", Path = "model.onnx" }] };

        var id = (await _server.Admin.SubmitAsync(spec)).JobIds[0];
        var job = await _server.Admin.WaitAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("registering outputs failed", job.Reason);
        Assert.Contains("wrote no file 'model.onnx'", job.Reason);
    }

    [Fact]
    public async Task Submit_IsRefused_WhenAnInputIsMissing_Unreadable_OrItsPathUnsafe()
    {
        using var admin = ApiClient(_server);
        await PushCorpusAsync(admin, "corpus");
        var viewerElsewhere = await UserAsync(_server, "ned", "hospital-x", Role.Viewer);
        await UserAsync(_server, "ned", "research-x", Role.Member);
        await UserAsync(_server, "hid", "hidden-x", Role.Member);
        await admin.CreateDatasetAsync(new CreateDatasetRequest("ward", "hospital-x", DataClass.Restricted), Ct);
        await admin.CreateDatasetAsync(new CreateDatasetRequest("elsewhere", "hidden-x"), Ct);
        using var ned = _server.ClientFor(viewerElsewhere);
        JobSpec With(string dataset, string? path = null) => TestServer.Shell("true", project: "research-x") with { Inputs = [new DataInputSpec { Dataset = dataset, Path = path }] };

        var missing = await (await ned.PostAsync("/api/v1/jobs", TestServer.Json(With("nope")), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var noVersion = await (await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(With("corpus@5") with { Project = null }), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var invisible = await (await ned.PostAsync("/api/v1/jobs", TestServer.Json(With("elsewhere")), Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var restricted = await (await ned.PostAsync("/api/v1/jobs", TestServer.Json(With("ward")), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        var traversal = await (await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(With("corpus", "../../etc") with { Project = null }), Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        var badVersion = await (await _server.Admin.PostAsync("/api/v1/jobs", TestServer.Json(With("corpus@0") with { Project = null }), Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        var yaml = "name: y\ncommand: cat data/hello.txt\nresources: {cpus: 0.1, memory: 64Mi}\ninputs:\n  - dataset: corpus@1\n    path: data\noutputs:\n  - dataset: y-out\n";
        var yamlTypo = "name: y\ncommand: 'true'\ninputs:\n  - dataset: corpus\n    pth: data\n";
        var accepted = await _server.Admin.PostAsync("/api/v1/jobs", new StringContent(yaml, Encoding.UTF8, "application/yaml"), Ct);
        var typo = await (await _server.Admin.PostAsync("/api/v1/jobs", new StringContent(yamlTypo, Encoding.UTF8, "application/yaml"), Ct)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("dataset 'nope' not found", missing);
        Assert.Contains("has no version 5", noVersion);
        Assert.Contains("dataset 'elsewhere' not found", invisible);
        Assert.Contains("restricted", restricted);
        Assert.Contains("'..'", traversal);
        Assert.Contains("version", badVersion);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Contains("unknown field 'pth' in inputs", typo);
        var job = await _server.Admin.WaitAsync((await accepted.ReadAsync<SubmitResponse>()).JobIds[0]);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(1, (await admin.GetDatasetAsync("y-out", Ct)).Versions.Single().Version);
    }

    [Fact]
    public async Task Delete_RemovesUnusedVersions_AndKeepsThoseLineageNeeds()
    {
        using var client = ApiClient(_server);
        await PushCorpusAsync(client, "old");
        var tree = Path.Join(_work, "old-v2");
        Corpus(tree);
        await File.WriteAllTextAsync(Path.Join(tree, "extra.txt"), "v2", Ct);
        await Transfer(client).PushAsync("old", tree, Ct);
        var reader = (await _server.Admin.SubmitAsync(TestServer.Shell("true") with { Inputs = [new DataInputSpec { Dataset = "old@1" }] })).JobIds[0];
        await _server.Admin.WaitAsync(reader);
        await PushCorpusAsync(client, "unused");

        var deleted = await client.DeleteDatasetAsync("old", Ct);
        var listed = await client.ListDatasetsAsync(cancellationToken: Ct);
        var withDeleted = await client.ListDatasetsAsync(deleted: true, cancellationToken: Ct);
        var reuse = await Assert.ThrowsAsync<GantryApiException>(() => client.CreateDatasetAsync(new CreateDatasetRequest("old"), Ct));
        var push = await Assert.ThrowsAsync<GantryApiException>(() => Transfer(client).PushAsync("old", tree, Ct));
        var stillPullable = await Transfer(client).PullAsync("old", 1, Path.Join(_work, "kept"), Ct);
        var gone = await client.DeleteDatasetAsync("unused", Ct);
        var recreated = await client.CreateDatasetAsync(new CreateDatasetRequest("unused"), Ct);

        Assert.Equal([2], deleted.RemovedVersions);
        Assert.Equal(1, Assert.Single(deleted.RetainedVersions).Version);
        Assert.Contains($"read by job {reader}", deleted.RetainedVersions[0].Reason);
        Assert.False(deleted.NameReleased);
        Assert.DoesNotContain(listed, d => d.Name == "old");
        Assert.True(withDeleted.Single(d => d.Name == "old").Deleted);
        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, push.StatusCode);
        Assert.Equal(1, stillPullable.Version);
        Assert.True(gone.NameReleased);
        Assert.Equal(0, recreated.Versions);
    }

    private async Task PushCorpusAsync(GantryClient client, string name)
    {
        await client.CreateDatasetAsync(new CreateDatasetRequest(name), Ct);
        await Transfer(client).PushAsync(name, Corpus(Path.Join(_work, name)), Ct);
    }

    private static string Corpus(string root)
    {
        Directory.CreateDirectory(Path.Join(root, "sub"));
        File.WriteAllText(Path.Join(root, "hello.txt"), "hello gantry");
        var data = new byte[2 << 20];
        new Random(21).NextBytes(data);
        File.WriteAllBytes(Path.Join(root, "sub", "data.bin"), data);
        File.WriteAllText(Path.Join(root, "run.sh"), "#!/bin/sh\necho run\n");
        File.SetUnixFileMode(Path.Join(root, "run.sh"), (UnixFileMode)0b111_101_101);
        return root;
    }
}
