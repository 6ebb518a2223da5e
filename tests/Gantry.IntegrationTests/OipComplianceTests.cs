using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.Serving.Tests;
using static Gantry.IntegrationTests.ServingTestKit;

namespace Gantry.IntegrationTests;

/// <summary>One server with two deployments shared by the Open Inference Protocol compliance tests.</summary>
public sealed class OipServerFixture : IAsyncLifetime
{
    public const int MaxRequestBytes = 64 * 1024;

    public TestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await TestServer.StartAsync(Config(new() { ["Serving:MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        await Server.Admin.DeployAsync("linear", OnnxModels.Linear(4, 3), new() { ["max_batch"] = 16, ["max_delay_ms"] = 1 });
        await Server.Admin.DeployAsync("types", OnnxModels.AllTypes());
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The Open Inference Protocol (KServe V2) REST API as its text defines it: health, server and model metadata, model
/// ready, and infer with JSON tensors (flat and nested, every datatype), output selection, version paths and the
/// binary tensor data extension; errors as <c>{"error": "..."}</c> with the protocol's status codes.
/// </summary>
public sealed class OipComplianceTests(OipServerFixture fixture) : IClassFixture<OipServerFixture>
{
    private static readonly (string Datatype, string Data)[] Values =
    [
        ("BOOL", "[true,false]"), ("UINT8", "[1,255]"), ("UINT16", "[2,65535]"), ("UINT32", "[3,4294967295]"), ("UINT64", "[4,4294967296]"),
        ("INT8", "[-128,127]"), ("INT16", "[-5,300]"), ("INT32", "[-7,70000]"), ("INT64", "[-9,5000000000]"),
        ("FP16", "[1.5,-2]"), ("BF16", "[2,-0.5]"), ("FP32", "[0.25,-3.5]"), ("FP64", "[0.1,-1E+300]"), ("BYTES", "[\"h\u00e9llo\",\"\"]"),
    ];

    private TestServer Server => fixture.Server;

    private HttpClient Admin => fixture.Server.Admin;

    [Fact]
    public async Task Health_LiveAndReady_Answer200_WithoutAToken()
    {
        using var anonymous = Server.ClientFor(null);

        var live = await anonymous.GetAsync("/v2/health/live", TestContext.Current.CancellationToken);
        var ready = await anonymous.GetAsync("/v2/health/ready", TestContext.Current.CancellationToken);
        var model = await anonymous.GetAsync("/v2/models/linear", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, model.StatusCode);
    }

    [Fact]
    public async Task ServerMetadata_NamesGantry_AndTheBinaryExtension()
    {
        var metadata = await (await Admin.GetAsync("/v2", TestContext.Current.CancellationToken)).OkJsonAsync();

        Assert.Equal("gantry", metadata.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("version").GetString()));
        Assert.Contains("binary_tensor_data", metadata.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/v2/models/linear")]
    [InlineData("/v2/models/linear/versions/1")]
    public async Task ModelMetadata_GivesPlatformVersionsAndTensors(string path)
    {
        var metadata = await (await Admin.GetAsync(path, TestContext.Current.CancellationToken)).OkJsonAsync();

        Assert.Equal("linear", metadata.GetProperty("name").GetString());
        Assert.Equal(["1"], metadata.GetProperty("versions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("onnx_onnxv1", metadata.GetProperty("platform").GetString());
        var input = metadata.GetProperty("inputs").EnumerateArray().Single();
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 4L], input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var output = metadata.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("y", output.GetProperty("name").GetString());
        Assert.Equal([-1L, 3L], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Theory]
    [InlineData("/v2/models/linear/ready")]
    [InlineData("/v2/models/linear/versions/1/ready")]
    public async Task ModelReady_Answers200(string path) =>
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [InlineData("GET", "/v2/models/nope")]
    [InlineData("GET", "/v2/models/nope/ready")]
    [InlineData("POST", "/v2/models/nope/infer")]
    [InlineData("GET", "/v2/models/linear/versions/2")]
    [InlineData("GET", "/v2/models/linear/versions/2/ready")]
    [InlineData("POST", "/v2/models/linear/versions/2/infer")]
    public async Task UnknownModelsAndVersions_Answer404WithAnError(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
            request.Content = new StringContent(LinearRequest(1).Json, Encoding.UTF8, "application/json");

        var error = await (await Admin.SendAsync(request, TestContext.Current.CancellationToken)).ErrorAsync(HttpStatusCode.NotFound);

        Assert.Contains(path.Contains("versions/2", StringComparison.Ordinal) ? "version" : "nope", error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Infer_FlatAndNestedData_GiveTheModelsAnswers(bool nested)
    {
        var (json, expected) = LinearRequest(3, seed: 2, nested: nested, id: "req-7");

        var response = await (await Admin.InferAsync("linear", json)).OkJsonAsync();

        Assert.Equal("linear", response.GetProperty("model_name").GetString());
        Assert.Equal("1", response.GetProperty("model_version").GetString());
        Assert.Equal("req-7", response.GetProperty("id").GetString());
        var y = Output(response, "y");
        Assert.Equal("FP32", y.GetProperty("datatype").GetString());
        Assert.Equal([3L, 3L], y.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        AssertClose(expected, Floats(response, "y"));
    }

    [Fact]
    public async Task Infer_VersionPath_ServesTheSameModel()
    {
        var (json, expected) = LinearRequest(2);

        var response = await (await Admin.InferAsync("linear", json, "/v2/models/linear/versions/1/infer")).OkJsonAsync();

        AssertClose(expected, Floats(response, "y"));
    }

    [Fact]
    public async Task Infer_EveryDatatype_RoundTripsThroughOnnxRuntime()
    {
        var inputs = string.Join(',', Values.Select(v => $"{{\"name\":\"{v.Datatype.ToLowerInvariant()}_in\",\"shape\":[1,2],\"datatype\":\"{v.Datatype}\",\"data\":{v.Data}}}"));

        var response = await (await Admin.InferAsync("types", $"{{\"inputs\":[{inputs}]}}")).OkJsonAsync();

        foreach (var (datatype, data) in Values)
        {
            var output = Output(response, datatype.ToLowerInvariant() + "_out");
            Assert.Equal(datatype, output.GetProperty("datatype").GetString());
            Assert.Equal([1L, 2L], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            using var sent = JsonDocument.Parse(data);
            var expected = sent.RootElement.EnumerateArray().ToArray();
            var actual = output.GetProperty("data").EnumerateArray().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                if (expected[i].ValueKind == JsonValueKind.Number)
                    Assert.True(expected[i].GetDouble() == actual[i].GetDouble(), $"{datatype}[{i}]: sent {expected[i]}, got {actual[i]}");
                else
                    Assert.Equal(expected[i].ToString(), actual[i].ToString());
            }
        }
    }

    [Fact]
    public async Task Infer_OutputSelection_ReturnsOnlyTheOutputsAskedFor()
    {
        var inputs = string.Join(',', Values.Select(v => $"{{\"name\":\"{v.Datatype.ToLowerInvariant()}_in\",\"shape\":[1,2],\"datatype\":\"{v.Datatype}\",\"data\":{v.Data}}}"));

        var response = await (await Admin.InferAsync("types", $"{{\"inputs\":[{inputs}],\"outputs\":[{{\"name\":\"int64_as_fp32\"}}]}}")).OkJsonAsync();

        var output = response.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("int64_as_fp32", output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([-9.0, 5e9], output.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public async Task Infer_BinaryOutput_FollowsTheJsonHeader()
    {
        var (json, expected) = LinearRequest(2);
        json = json[..^1] + ",\"outputs\":[{\"name\":\"y\",\"parameters\":{\"binary_data\":true}}]}";

        var response = await Admin.InferAsync("linear", json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using var header = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        var y = header.RootElement.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal(expected.Length * 4, y.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(y.TryGetProperty("data", out _));
        var floats = Enumerable.Range(0, expected.Length).Select(i => BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(jsonLength + (i * 4)))).ToArray();
        AssertClose(expected, floats);
    }

    [Fact]
    public async Task Infer_BinaryInput_IsReadAfterTheJsonHeader()
    {
        float[] x = [1, -2, 0.5f, 4];
        var header = Encoding.UTF8.GetBytes("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":16}}]}");
        var body = new byte[header.Length + 16];
        header.CopyTo(body, 0);
        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length + (i * 4)), x[i]);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var response = await (await Admin.PostAsync("/v2/models/linear/infer", content, TestContext.Current.CancellationToken)).OkJsonAsync();

        AssertClose(OnnxModels.LinearReference(x, 4, 3), Floats(response, "y"));
    }

    [Theory]
    [InlineData("{\"inputs\":[{\"name\":\"z\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}", "z")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,5],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5]}]}", "x")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"INT32\",\"data\":[1,2,3,4]}]}", "x")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}", "x")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,NaN,4]}]}", "")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,Infinity,4]}]}", "")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,-Infinity,4]}]}", "")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP99\",\"data\":[1,2,3,4]}]}", "FP99")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],\"outputs\":[{\"name\":\"w\"}]}", "w")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],", "")]
    [InlineData("not json", "")]
    [InlineData("{\"inputs\":[]}", "inputs")]
    public async Task Infer_BadInput_Answers400WithASentence(string json, string named)
    {
        var error = await (await Admin.InferAsync("linear", json)).ErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(named, error);
    }

    [Fact]
    public async Task Infer_BodyOverTheLimit_Answers413()
    {
        var rows = (OipServerFixture.MaxRequestBytes / 16) + 10;
        var json = LinearRequest(rows).Json;
        Assert.True(json.Length > OipServerFixture.MaxRequestBytes);

        var error = await (await Admin.InferAsync("linear", json)).ErrorAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("limit", error);
    }

    [Fact]
    public async Task Infer_BadDeadlineHeader_Answers400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/linear/infer") { Content = new StringContent(LinearRequest(1).Json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Gantry-Deadline-Ms", "soon");

        var error = await (await Admin.SendAsync(request, TestContext.Current.CancellationToken)).ErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Gantry-Deadline-Ms", error);
    }

    [Fact]
    public async Task AfterEveryKindOfBadRequest_TheDeploymentStillServesCorrectAnswers()
    {
        string[] bad =
        [
            "{", "[]", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,NaN,4]}]}",
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[-1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}",
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[[1,2],[3,4,5]]}]}",
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[\"a\",\"b\",\"c\",\"d\"]}]}",
            LinearRequest(OipServerFixture.MaxRequestBytes / 8).Json,
        ];
        foreach (var json in bad)
        {
            var refused = await Admin.InferAsync("linear", json);
            Assert.True((int)refused.StatusCode is 400 or 413, $"{(int)refused.StatusCode} for {json[..Math.Min(60, json.Length)]}");
        }

        var (good, expected) = LinearRequest(5, seed: 9);
        var response = await (await Admin.InferAsync("linear", good)).OkJsonAsync();

        AssertClose(expected, Floats(response, "y"));
    }
}
