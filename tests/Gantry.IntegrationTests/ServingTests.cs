using System.Net;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Api.Serving;
using Gantry.Server.Serving;
using Gantry.Serving.Tests;
using Microsoft.Extensions.DependencyInjection;
using static Gantry.IntegrationTests.ServingTestKit;

namespace Gantry.IntegrationTests;

/// <summary>Deployments through the real server and ONNX Runtime: the REST API, who may infer, limits, scaling, restarts, updates, metrics.</summary>
public sealed class ServingTests
{
    [Fact]
    public async Task NonOnnxModels_AreRefused_AndNothingIsStored()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.RegisterModelAsync("weights", DataModelFiles.Safetensors(), file: "model.safetensors");
        await server.Admin.RegisterModelAsync("pickled", DataModelFiles.Pickle(), file: "model.pkl");

        var safetensors = await (await server.Admin.CreateDeploymentAsync(new { name = "w", model = "weights" })).ProblemAsync(HttpStatusCode.BadRequest);
        var pickle = await (await server.Admin.CreateDeploymentAsync(new { name = "p", model = "pickled" })).ProblemAsync(HttpStatusCode.BadRequest);
        var missing = await (await server.Admin.CreateDeploymentAsync(new { name = "m", model = "nope" })).ProblemAsync(HttpStatusCode.NotFound);
        var list = await server.Admin.GetFromJsonAsync<IReadOnlyList<DeploymentView>>("/api/v1/deployments");

        Assert.Contains("not ONNX", safetensors);
        Assert.Contains("safetensors", safetensors);
        Assert.Contains("pickle", pickle);
        Assert.Contains("nope", missing);
        Assert.Empty(list);
        var audit = await server.Admin.GetStringAsync("/api/v1/audit?action=deployment.create", TestContext.Current.CancellationToken);
        Assert.Contains("not ONNX", audit);
    }

    [Fact]
    public async Task BadDeploymentRequests_Answer400_409_WithTheFieldNamed()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3));

        var replicas = await (await server.Admin.CreateDeploymentAsync(new { name = "a", model = "lin", min_replicas = 3, max_replicas = 1 })).ProblemAsync(HttpStatusCode.BadRequest);
        var device = await (await server.Admin.CreateDeploymentAsync(new { name = "a", model = "lin", device = "tpu" })).ProblemAsync(HttpStatusCode.BadRequest);
        var name = await (await server.Admin.CreateDeploymentAsync(new { name = "../x", model = "lin" })).ProblemAsync(HttpStatusCode.BadRequest);
        var unknownField = await (await server.Admin.CreateDeploymentAsync(new { name = "a", model = "lin", batch = 3 })).ProblemAsync(HttpStatusCode.BadRequest);
        var taken = await (await server.Admin.CreateDeploymentAsync(new { name = "lin", model = "lin" })).ProblemAsync(HttpStatusCode.Conflict);
        var scale = await (await server.Admin.PutAsync("/api/v1/deployments/lin/scale", TestServer.Json(new { replicas = 99 }), TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("min_replicas", replicas);
        Assert.Contains("tpu", device);
        Assert.Contains("deployment name", name);
        Assert.Contains("batch", unknownField);
        Assert.Contains("already exists", taken);
        Assert.Contains("max_replicas", scale);
    }

    [Fact]
    public async Task Tokens_OtherProjectGets404_ViewerMayReadButNotInfer_ScopedTokenOnlyInfers()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3));
        await server.Admin.DeployAsync("other", OnnxModels.Relu());
        using var stranger = await server.UserAsync("eve", "elsewhere", Role.Member);
        using var viewer = await server.UserAsync("vic", "default", Role.Viewer);
        var scoped = await (await server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("app", Deployment: "lin")), TestContext.Current.CancellationToken)).ReadAsync<TokenCreated>();
        using var app = server.ClientFor(scoped.Token);
        var (json, expected) = LinearRequest(2);

        var strangerInfer = await (await stranger.InferAsync("lin", json)).ErrorAsync(HttpStatusCode.NotFound);
        var strangerMetadata = await (await stranger.GetAsync("/v2/models/lin", TestContext.Current.CancellationToken)).ErrorAsync(HttpStatusCode.NotFound);
        var viewerMetadata = await viewer.GetAsync("/v2/models/lin", TestContext.Current.CancellationToken);
        var viewerInfer = await (await viewer.InferAsync("lin", json)).ErrorAsync(HttpStatusCode.Forbidden);
        var appInfer = await (await app.InferAsync("lin", json)).OkJsonAsync();
        var appOther = await (await app.InferAsync("other", json)).ErrorAsync(HttpStatusCode.NotFound);
        var appJobs = await (await app.GetAsync("/api/v1/jobs", TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.Forbidden);
        var appTokens = await app.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("escape")), TestContext.Current.CancellationToken);
        var strangerScoped = await (await stranger.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("x", Deployment: "lin")), TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("lin", strangerInfer);
        Assert.Contains("lin", strangerMetadata);
        Assert.Equal(HttpStatusCode.OK, viewerMetadata.StatusCode);
        Assert.Contains("member", viewerInfer);
        AssertClose(expected, Floats(appInfer, "y"));
        Assert.Contains("other", appOther);
        Assert.Contains("scoped to deployment 'lin'", appJobs);
        Assert.Equal(HttpStatusCode.Forbidden, appTokens.StatusCode);
        Assert.Contains("lin", strangerScoped);
    }

    [Fact]
    public async Task DeletingADeployment_RevokesItsScopedTokens()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3));
        var scoped = await (await server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest("app", Deployment: "lin")), TestContext.Current.CancellationToken)).ReadAsync<TokenCreated>();
        using var app = server.ClientFor(scoped.Token);
        (await app.InferAsync("lin", LinearRequest(1).Json)).EnsureSuccessStatusCode();

        var deleted = await server.Admin.DeleteAsync("/api/v1/deployments/lin", TestContext.Current.CancellationToken);
        var after = await app.InferAsync("lin", LinearRequest(1).Json);
        var gone = await (await server.Admin.InferAsync("lin", LinearRequest(1).Json)).ErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("lin", gone);
    }

    [Fact]
    public async Task RateLimit_AnswersTooManyRequests_WithRetryAfter_AndTheQuotaToo()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("limited", OnnxModels.Linear(4, 3), new() { ["rate_limit_rps"] = 0.001, ["rate_limit_burst"] = 2 });
        await server.Admin.DeployAsync("quota", OnnxModels.Linear(4, 3), new() { ["prediction_quota"] = 3 });
        var json = LinearRequest(2).Json;

        var first = await server.Admin.InferAsync("limited", json);
        var second = await server.Admin.InferAsync("limited", json);
        var third = await server.Admin.InferAsync("limited", json);
        var withinQuota = await server.Admin.InferAsync("quota", json);
        var overQuota = await server.Admin.InferAsync("quota", json);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("rate limit", await third.ErrorAsync(HttpStatusCode.TooManyRequests));
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        Assert.Equal(HttpStatusCode.OK, withinQuota.StatusCode);
        Assert.Contains("quota", await overQuota.ErrorAsync(HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task ScaledToZero_Answers503WithRetryAfter_ThenServesAgain()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3), new() { ["min_replicas"] = 0, ["max_replicas"] = 2 });
        var scaled = await (await server.Admin.PutAsync("/api/v1/deployments/lin/scale", TestServer.Json(new { replicas = 0 }), TestContext.Current.CancellationToken)).ReadAsync<DeploymentView>();
        await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<DeploymentView>("/api/v1/deployments/lin"), d => d.Status == "scaled_to_zero", "scale to zero");
        var notReady = await server.Admin.GetAsync("/v2/models/lin/ready", TestContext.Current.CancellationToken);
        var (json, expected) = LinearRequest(2);

        var cold = await server.Admin.InferAsync("lin", json);
        await MonitoringSupport.EventuallyAsync(
            async () => (await server.Admin.GetAsync("/v2/models/lin/ready", TestContext.Current.CancellationToken)).StatusCode, s => s == HttpStatusCode.OK, "ready after waking");
        var warm = await (await server.Admin.InferAsync("lin", json)).OkJsonAsync();

        Assert.Equal(0, scaled.Replicas);
        Assert.Equal(HttpStatusCode.BadRequest, notReady.StatusCode);
        Assert.Contains("scaling from zero", await cold.ErrorAsync(HttpStatusCode.ServiceUnavailable));
        Assert.True(cold.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        AssertClose(expected, Floats(warm, "y"));
    }

    [Fact]
    public async Task Autoscaler_ScalesAnIdleDeploymentToZero_WhenMinIsZero()
    {
        await using var server = await TestServer.StartAsync(Config(new() { ["Serving:ScaleToZeroAfter"] = "00:00:00" }));
        await server.Admin.DeployAsync("idle", OnnxModels.Linear(4, 3), new() { ["min_replicas"] = 0, ["max_replicas"] = 2 });
        await server.Admin.DeployAsync("fixed", OnnxModels.Linear(4, 3), new() { ["replicas"] = 1 });
        var autoscaler = server.App.Services.GetRequiredService<ServingAutoscaler>();

        var decisions = autoscaler.Step();
        var idle = await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<DeploymentView>("/api/v1/deployments/idle"), d => d.Status == "scaled_to_zero", "the autoscaler to scale to zero");
        var fixedOne = await server.Admin.GetFromJsonAsync<DeploymentView>("/api/v1/deployments/fixed");

        Assert.Equal([("idle", 1, 0)], decisions);
        Assert.Equal(0, idle.Replicas);
        Assert.Equal("ready", fixedOne.Status);
    }

    [Fact]
    public async Task ServerRestart_KeepsDeployments_AndTheyServeAgain()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3), new() { ["max_batch"] = 8, ["replicas"] = 2 });

        await server.RestartAsync();
        var deployment = await server.Admin.WaitServingAsync("lin");
        var (json, expected) = LinearRequest(3);
        var response = await (await server.Admin.InferAsync("lin", json)).OkJsonAsync();

        Assert.Equal(8, deployment.MaxBatch);
        Assert.Equal(2, deployment.Replicas);
        AssertClose(expected, Floats(response, "y"));
    }

    [Fact]
    public async Task Update_ToANewVersion_SwapsAfterWarmUp_AndOldVersionPathsAnswer404()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("model", OnnxModels.Linear(4, 3));
        await server.Admin.RegisterModelAsync("model", OnnxModels.Relu());

        var patched = await (await server.Admin.PatchAsync("/api/v1/deployments/model", TestServer.Json(new { version = 2, max_batch = 4 }), TestContext.Current.CancellationToken)).ReadAsync<DeploymentView>();
        var serving = await server.Admin.WaitServingAsync("model", 2);
        var relu = await (await server.Admin.InferAsync("model", "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[-1,0.5,2]}]}")).OkJsonAsync();
        var oldPath = await (await server.Admin.InferAsync("model", LinearRequest(1).Json, "/v2/models/model/versions/1/infer")).ErrorAsync(HttpStatusCode.NotFound);
        var metadata = await (await server.Admin.GetAsync("/v2/models/model", TestContext.Current.CancellationToken)).OkJsonAsync();

        Assert.Equal(2, patched.Version);
        Assert.Equal(4, serving.MaxBatch);
        Assert.Equal([0f, 0.5f, 2f], Floats(relu, "y"));
        Assert.Equal("2", relu.GetProperty("model_version").GetString());
        Assert.Contains("version", oldPath);
        Assert.Equal(["2"], metadata.GetProperty("versions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Metrics_CountRequestsAndFailures_AndTimeQueueComputeAndBatches()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3));
        (await server.Admin.InferAsync("lin", LinearRequest(3).Json)).EnsureSuccessStatusCode();
        (await server.Admin.InferAsync("lin", LinearRequest(1).Json)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Admin.InferAsync("lin", "{")).StatusCode);

        var metrics = await server.Admin.ScrapeAsync();

        (string, string)[] lin = [("deployment", "lin"), ("version", "1")];
        Assert.Equal(2, MonitoringSupport.Value(metrics, "gantry_inference_requests_total", lin));
        Assert.Equal(1, MonitoringSupport.Value(metrics, "gantry_inference_failures_total", [.. lin, ("code", "400")]));
        Assert.Equal(3, MonitoringSupport.Value(metrics, "gantry_inference_request_seconds_count", lin));
        Assert.Equal(2, MonitoringSupport.Value(metrics, "gantry_inference_queue_seconds_count", lin));
        Assert.True(MonitoringSupport.Value(metrics, "gantry_inference_compute_seconds_count", lin) >= 1);
        Assert.Equal(4, MonitoringSupport.Value(metrics, "gantry_inference_batch_rows_sum", lin));
        Assert.Equal(1, MonitoringSupport.Value(metrics, "gantry_inference_replicas", [.. lin, ("state", "ready")]));
        Assert.Equal(0, MonitoringSupport.Value(metrics, "gantry_inference_queue_rows", lin));
        Assert.Equal(3, MonitoringSupport.Value(metrics, "gantry_inference_request_seconds_bucket", [.. lin, ("le", "+Inf")]));
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("gantry_inference_request_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"0.0001\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeploymentsApi_ListsShowsScalesAndDeletes_WithAnAuditTrail()
    {
        await using var server = await TestServer.StartAsync();
        await server.Admin.DeployAsync("lin", OnnxModels.Linear(4, 3));

        var list = await server.Admin.GetFromJsonAsync<IReadOnlyList<DeploymentView>>("/api/v1/deployments");
        var scaled = await (await server.Admin.PutAsync("/api/v1/deployments/lin/scale", TestServer.Json(new { replicas = 2 }), TestContext.Current.CancellationToken)).ReadAsync<DeploymentView>();
        var two = await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<DeploymentView>("/api/v1/deployments/lin"), d => d.ReadyReplicas == 2, "two ready replicas");
        var deleted = await server.Admin.DeleteAsync("/api/v1/deployments/lin", TestContext.Current.CancellationToken);
        var missing = await server.Admin.GetAsync("/api/v1/deployments/lin", TestContext.Current.CancellationToken);
        var audit = await server.Admin.GetStringAsync("/api/v1/audit?limit=100", TestContext.Current.CancellationToken);

        var view = Assert.Single(list);
        Assert.Equal(("lin", "lin", 1, "default"), (view.Name, view.Model, view.Version, view.Project));
        Assert.Equal("/v2/models/lin/infer", view.Endpoint);
        Assert.Equal(2, scaled.Replicas);
        Assert.Equal(2, two.Replicas);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("deployment.create", audit);
        Assert.Contains("deployment.scale", audit);
        Assert.Contains("deployment.delete", audit);
    }
}
