using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gantry.Client;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Data;
using Gantry.Server.Data.Formats;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

/// <summary>The model registry through the real server, and format detection on files written byte by byte (and by the onnx package when present).</summary>
public sealed class DataModelTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _work = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _work = Directory.CreateTempSubdirectory("gantry-models-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Register_DetectsEachFormat_FromTheBytes_AndFlagsPickleUnsafe()
    {
        using var client = ApiClient(_server);

        var onnx = await RegisterAsync(client, "m-onnx", DataModelFiles.Onnx(weightsAmongInputs: true), "weights.bin");
        var safetensors = await RegisterAsync(client, "m-st", DataModelFiles.Safetensors(), "model.onnx");
        var torchscript = await RegisterAsync(client, "m-ts", DataModelFiles.TorchZip(withCode: true), "model.pt");
        var checkpoint = await RegisterAsync(client, "m-ckpt", DataModelFiles.TorchZip(withCode: false), "model.pt");
        var pickle = await RegisterAsync(client, "m-pkl", DataModelFiles.Pickle(), "model.pkl");
        var unknown = await RegisterAsync(client, "m-txt", "just some text that is no model"u8.ToArray(), "notes.txt");

        Assert.Equal(ModelFormat.Onnx, onnx.Format);
        Assert.Equal(["x float32 [N,64]"], onnx.Signature!.Inputs.Select(i => i.ToString())); // W is an initializer, not an input
        Assert.Equal("ai.onnx:17", onnx.Details["opset"]);
        Assert.Equal(ModelFormat.Safetensors, safetensors.Format);
        Assert.Equal("6", safetensors.Details["parameters"]);
        Assert.Equal(ModelFormat.Torchscript, torchscript.Format);
        Assert.False(torchscript.Unsafe);
        Assert.Equal(ModelFormat.PytorchZip, checkpoint.Format);
        Assert.True(checkpoint.Unsafe);
        Assert.Equal(ModelFormat.Pickle, pickle.Format);
        Assert.True(pickle.Unsafe);
        Assert.Null(pickle.Signature);
        Assert.Equal(ModelFormat.Unknown, unknown.Format);
        Assert.False(unknown.Unsafe);
    }

    [Fact]
    public async Task Versions_Stages_AndRoles()
    {
        using var admin = ApiClient(_server);
        var viewerToken = await UserAsync(_server, "val", "default", Role.Viewer);
        using var viewer = ApiClient(_server, viewerToken);
        await RegisterAsync(admin, "ranker", DataModelFiles.Onnx(), "model.onnx");
        await RegisterAsync(admin, "ranker", DataModelFiles.Onnx(weightBytes: 100), "model.onnx");

        var staged = await admin.StageModelAsync("ranker", 2, ModelStage.Production, Ct);
        var refused = await Assert.ThrowsAsync<GantryApiException>(() => viewer.StageModelAsync("ranker", 1, ModelStage.Production, Ct));
        var seen = await viewer.GetModelAsync("ranker", Ct);
        var list = await viewer.ListModelsAsync(cancellationToken: Ct);
        var notFound = await Assert.ThrowsAsync<GantryApiException>(() => viewer.GetModelVersionAsync("ranker", 3, Ct));
        await using var stream = new MemoryStream(DataModelFiles.Pickle());
        var registerRefused = await Assert.ThrowsAsync<GantryApiException>(() => viewer.RegisterModelAsync("ranker", stream, "x.pkl", cancellationToken: Ct));

        Assert.Equal(ModelStage.Production, staged.Stage);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal([2, 1], seen.Versions.Select(v => v.Version));
        Assert.Equal(2, Assert.Single(list).ProductionVersion);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, registerRefused.StatusCode);
        var audit = await _server.Admin.GetFromJsonAsync<Page<AuditEntryView>>("/api/v1/audit?action=model.stage", GantryJson.Options, Ct);
        Assert.Contains(audit!.Items, e => e.Actor == "admin" && e.Outcome == "ok" && e.Detail == "none -> production");
        Assert.Contains(audit.Items, e => e.Actor == "val" && e.Outcome == "forbidden");
    }

    [Fact]
    public async Task Register_OverTheSizeLimit_Is413_AndEmptyIs400()
    {
        var config = TestServer.DefaultConfig();
        config["Data:MaxModelBytes"] = "1000";
        await using var server = await TestServer.StartAsync(config);
        using var client = ApiClient(server);
        await using var big = new MemoryStream(new byte[5000]);
        await using var empty = new MemoryStream();

        var tooLarge = await Assert.ThrowsAsync<GantryApiException>(() => client.RegisterModelAsync("big", big, "big.bin", cancellationToken: Ct));
        var nothing = await Assert.ThrowsAsync<GantryApiException>(() => client.RegisterModelAsync("empty", empty, "empty.bin", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Empty(await client.ListModelsAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task ChunkedRegister_DedupsAgainstEarlierVersions()
    {
        using var client = ApiClient(_server);
        var bytes = DataModelFiles.Onnx(weightBytes: 6 << 20);
        var path = Path.Join(_work, "model.onnx");
        await File.WriteAllBytesAsync(path, bytes, Ct);
        var (manifest, chunks) = await ChunksOfAsync(_work);
        var json = Gantry.Storage.Blobs.ManifestJson.Serialize(manifest);

        var upload = await client.CreateModelUploadAsync("chunked", json, cancellationToken: Ct);
        foreach (var hash in upload.Missing)
            await client.PutChunkAsync(hash, chunks[hash], Ct);
        var first = await client.CommitModelUploadAsync("chunked", upload.UploadId, new CommitModelRequest(new Dictionary<string, double> { ["loss"] = 0.1 }), Ct);
        var again = await client.CreateModelUploadAsync("chunked", json, cancellationToken: Ct);
        var second = await client.CommitModelUploadAsync("chunked", again.UploadId, cancellationToken: Ct);

        Assert.Equal(ModelFormat.Onnx, first.Format);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), first.Sha256);
        Assert.Equal(0.1, first.Metrics["loss"]);
        Assert.Empty(again.Missing);
        Assert.Equal(2, second.Version);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Fact]
    public async Task OnnxReader_AgreesWithTheOnnxPackage()
    {
        Requirements.Require(Requirements.PythonHas("onnx"), "needs the onnx package for /usr/bin/python3: apt-get install python3-onnx");
        var path = Path.Join(_work, "made-by-onnx.onnx");
        var script = $$"""
            import onnx
            from onnx import helper, TensorProto, numpy_helper
            import numpy as np
            w = numpy_helper.from_array(np.zeros((64, 10), dtype=np.float32), name="W")
            x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 64])
            wi = helper.make_tensor_value_info("W", TensorProto.FLOAT, [64, 10])
            y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10])
            ids = helper.make_tensor_value_info("ids", TensorProto.INT64, [None])
            g = helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["logits"])], "g", [x, wi, ids], [y], [w])
            m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="gantry-test")
            onnx.checker.check_model(m)
            onnx.save(m, "{{path}}")
            """;
        using (var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardError = true })!)
        {
            var error = await python.StandardError.ReadToEndAsync(Ct);
            await python.WaitForExitAsync(Ct);
            Assert.True(python.ExitCode == 0, error);
        }

        using var file = new FileRandomAccess(path);
        var inspection = await ModelInspector.InspectAsync(file, Ct);

        Assert.Equal(ModelFormat.Onnx, inspection.Format);
        Assert.Equal(["x float32 [batch,64]", "ids int64 [?]"], inspection.Signature!.Inputs.Select(i => i.ToString()));
        Assert.Equal(["logits float32 [batch,10]"], inspection.Signature.Outputs.Select(o => o.ToString()));
        Assert.Equal("gantry-test", inspection.Details["producer"]);
    }

    [Fact]
    public async Task Inspector_RejectsTruncatedOrRandomBytes_AsUnknown()
    {
        var onnx = DataModelFiles.Onnx();
        var random = new byte[4096];
        new Random(1).NextBytes(random);

        var truncated = await ModelInspector.InspectAsync(new MemoryRandomAccess(onnx.AsMemory(0, onnx.Length - 7)), Ct);
        var noise = await ModelInspector.InspectAsync(new MemoryRandomAccess(random), Ct);
        var whole = await ModelInspector.InspectAsync(new MemoryRandomAccess(onnx), Ct);

        Assert.Equal(ModelFormat.Unknown, truncated.Format);
        Assert.Equal(ModelFormat.Unknown, noise.Format);
        Assert.Equal(ModelFormat.Onnx, whole.Format);
    }

    private static async Task<ModelVersionView> RegisterAsync(GantryClient client, string name, byte[] bytes, string file)
    {
        await using var stream = new MemoryStream(bytes);
        return await client.RegisterModelAsync(name, stream, file, cancellationToken: Ct);
    }
}
