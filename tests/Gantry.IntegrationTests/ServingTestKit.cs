using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.Core.Api.Data;
using Gantry.Core.Api.Serving;
using Gantry.Serving.Tests;

namespace Gantry.IntegrationTests;

/// <summary>Registering test models, deploying them and calling the Open Inference Protocol endpoints.</summary>
internal static class ServingTestKit
{
    /// <summary>Server settings for serving tests: the defaults plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Config(Dictionary<string, string?>? extra = null)
    {
        var config = TestServer.DefaultConfig();
        foreach (var (key, value) in extra ?? [])
            config[key] = value;
        return config;
    }

    public static async Task<ModelVersionView> RegisterModelAsync(this HttpClient client, string name, byte[] bytes, string? project = null, string file = "model.onnx")
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var query = $"?file={file}" + (project is null ? "" : $"&project={project}");
        var response = await client.PostAsync($"/api/v1/models/{name}/versions{query}", content, TestContext.Current.CancellationToken);
        return await response.ReadAsync<ModelVersionView>();
    }

    public static Task<HttpResponseMessage> CreateDeploymentAsync(this HttpClient client, object request) =>
        client.PostAsync("/api/v1/deployments", TestServer.Json(request), TestContext.Current.CancellationToken);

    /// <summary>Registers <paramref name="model"/> as <paramref name="name"/>, deploys it under the same name and waits until it serves.</summary>
    public static async Task<DeploymentView> DeployAsync(this HttpClient client, string name, byte[] model, Dictionary<string, object?>? settings = null)
    {
        var version = await client.RegisterModelAsync(name, model);
        var request = new Dictionary<string, object?> { ["name"] = name, ["model"] = name, ["version"] = version.Version };
        foreach (var (key, value) in settings ?? [])
            request[key] = value;
        var created = await (await client.CreateDeploymentAsync(request)).ReadAsync<DeploymentView>();
        Assert.Equal(name, created.Name);
        return await client.WaitServingAsync(name, version.Version);
    }

    /// <summary>Polls the deployment until it is ready and serves <paramref name="version"/> (any when null).</summary>
    public static async Task<DeploymentView> WaitServingAsync(this HttpClient client, string name, int? version = null)
    {
        var deployment = await MonitoringSupport.EventuallyAsync(
            () => client.GetFromJsonAsync<DeploymentView>($"/api/v1/deployments/{name}"),
            d => (d.Status == "ready" && (version is null || d.ServingVersion == version)) || d.Status == "failed",
            $"deployment {name} to serve");
        Assert.True(deployment.Status != "failed", $"deployment {name} failed: {deployment.Reason}");
        return deployment;
    }

    public static Task<HttpResponseMessage> InferAsync(this HttpClient client, string name, string json, string? path = null) =>
        client.PostAsync(path ?? $"/v2/models/{name}/infer", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    /// <summary>The body of a successful infer response as JSON.</summary>
    public static async Task<JsonElement> OkJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The protocol's <c>{"error": "..."}</c> of a refused request, after checking the status.</summary>
    public static async Task<string> ErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        var error = doc.RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error!;
    }

    /// <summary>The floats of output <paramref name="name"/> in an infer response.</summary>
    public static float[] Floats(JsonElement response, string name) =>
        Output(response, name).GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static JsonElement Output(JsonElement response, string name) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    /// <summary>A Linear(4, 3) request for <paramref name="rows"/> rows of x, and the answers the model must give.</summary>
    public static (string Json, float[] Expected) LinearRequest(int rows, int seed = 1, bool nested = false, string? id = null)
    {
        var x = new float[rows * 4];
        for (var i = 0; i < x.Length; i++)
            x[i] = ((i * 7 + seed * 3) % 11 - 5) / 4f;
        var data = nested
            ? "[" + string.Join(',', Enumerable.Range(0, rows).Select(r => "[" + string.Join(',', x.Skip(r * 4).Take(4).Select(F)) + "]")) + "]"
            : "[" + string.Join(',', x.Select(F)) + "]";
        var json = "{" + (id is null ? "" : $"\"id\":\"{id}\",") + $"\"inputs\":[{{\"name\":\"x\",\"shape\":[{rows},4],\"datatype\":\"FP32\",\"data\":{data}}}]}}";
        return (json, OnnxModels.LinearReference(x, 4, 3));
    }

    public static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    private static string F(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
