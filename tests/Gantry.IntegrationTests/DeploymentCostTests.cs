using System.Globalization;
using System.Net;
using Gantry.Core.Api;
using Gantry.Core.Api.Cost;
using Gantry.Core.Api.Serving;
using Gantry.Planning.Cost;
using Gantry.Serving.Tests;
using Gantry.Storage;
using Gantry.Storage.Serving;
using Microsoft.EntityFrameworkCore;

namespace Gantry.IntegrationTests;

/// <summary>
/// Deployment cost through the real server: replica spans as replicas change, across a graceful restart and a SIGKILL,
/// prediction counts that survive a restart, cost reports by deployment with cost per prediction, project totals and
/// budgets that include serving, and the stats the dashboard draws.
/// </summary>
public sealed class DeploymentCostTests
{
    // $0.01 per CPU-second and $0.001 per GiB-second: a few seconds of one replica cost visible amounts.
    private const double CpuRate = 36;
    private const double MemoryRate = 3.6;

    public static Dictionary<string, string?> Config(Dictionary<string, string?>? extra = null)
    {
        var config = CostTests.Config();
        config["Cost:Pools:local:CpuUsdPerHour"] = CpuRate.ToString(CultureInfo.InvariantCulture);
        config["Cost:Pools:local:MemoryUsdPerGibHour"] = MemoryRate.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in extra ?? [])
            config[key] = value;
        return config;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<DeploymentStatsView> StatsAsync(HttpClient client, string name, string since = "1h") =>
        client.GetFromJsonAsync<DeploymentStatsView>($"/api/v1/deployments/{name}/stats?since={since}");

    /// <summary>Waits until the deployment's spans satisfy <paramref name="condition"/> (scales apply in the background).</summary>
    private static Task<DeploymentStatsView> SpansAsync(HttpClient client, string name, Func<IReadOnlyList<ReplicaSpanView>, bool> condition, string what) =>
        MonitoringSupport.EventuallyAsync(() => StatsAsync(client, name), s => condition(s.Replicas), what);

    private static async Task ScaleAsync(HttpClient client, string name, int replicas) =>
        await (await client.PutAsync($"/api/v1/deployments/{name}/scale", TestServer.Json(new ScaleDeploymentRequest(replicas)), Ct)).ReadAsync<DeploymentView>();

    private static async Task<long> InferRowsAsync(HttpClient client, string name, params int[] rows)
    {
        foreach (var n in rows)
            await (await client.InferAsync(name, ServingTestKit.LinearRequest(n).Json)).OkJsonAsync();
        return rows.Sum();
    }

    private static async Task<List<DeploymentSpanRecord>> StoredSpansAsync(string dataDir, string name)
    {
        var store = TestMetadata.StoreFor(dataDir);
        await using var db = store.CreateContext();
        return await db.Set<DeploymentSpanRecord>().AsNoTracking().Where(s => s.Deployment == name).OrderBy(s => s.Id).ToListAsync(Ct);
    }

    private static void Near(double expected, double actual)
    {
        var tolerance = (1e-9 * Math.Abs(expected)) + 1e-12;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");
    }

    /// <summary>What a closed span cost at the test rates.</summary>
    private static double Cost(ReplicaSpanView span)
    {
        var hours = (span.End!.Value - span.Start).TotalMilliseconds / CostMath.MsPerHour;
        return hours * span.Replicas * ((span.CpusPerReplica * CpuRate) + (span.MemoryBytesPerReplica / RateCard.GibBytes * MemoryRate));
    }

    [Fact]
    public async Task Spans_OpenAndClose_AsReplicasChange_ScaleToZero_AndDelete()
    {
        await using var server = await TestServer.StartAsync(Config());
        var name = "spans-" + Guid.NewGuid().ToString("N")[..6];
        var model = OnnxModels.Linear(4, 3);
        await server.Admin.DeployAsync(name, model, new() { ["intra_op_threads"] = 2 });
        var first = await SpansAsync(server.Admin, name, s => s.Count == 1, "the first span");
        var open = Assert.Single(first.Replicas);
        Assert.Null(open.End);
        Assert.Equal((1, 2.0, (long)model.Length, "cpu", 0), (open.Replicas, open.CpusPerReplica, open.MemoryBytesPerReplica, open.Device, open.Gpus));
        Assert.Equal("testnode", open.Node);

        await ScaleAsync(server.Admin, name, 2);
        var two = await SpansAsync(server.Admin, name, s => s.Count == 2 && s[1].Replicas == 2, "a span of 2 replicas");
        Assert.Equal(two.Replicas[0].End, two.Replicas[1].Start);
        Assert.Null(two.Replicas[1].End);

        await ScaleAsync(server.Admin, name, 0);
        var zero = await SpansAsync(server.Admin, name, s => s.Count == 2 && s[1].End is not null, "scale to zero closing the span");
        Assert.All(zero.Replicas, s => Assert.NotNull(s.End));

        await ScaleAsync(server.Admin, name, 1);
        await SpansAsync(server.Admin, name, s => s.Count == 3 && s[2].Replicas == 1 && s[2].End is null, "a span after scaling up from zero");

        (await server.Admin.DeleteAsync($"/api/v1/deployments/{name}", Ct)).EnsureSuccessStatusCode();
        var stored = await StoredSpansAsync(server.DataDir, name);
        Assert.Equal([1, 2, 1], stored.Select(s => s.Replicas));
        Assert.All(stored, s => Assert.True(s.EndMs >= s.StartMs, $"span {s.Id} ends {s.EndMs}, starts {s.StartMs}"));
        Assert.True(stored[2].StartMs >= stored[1].EndMs, "no replica time while scaled to zero");

        var gone = await server.Admin.GetAsync($"/api/v1/deployments/{name}/stats", Ct);
        Assert.Contains("not found", await gone.ProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GracefulRestart_ClosesSpansAtStop_KeepsEveryPrediction_AndReopensTheSpan()
    {
        await using var server = await TestServer.StartAsync(Config());
        var name = "restart-" + Guid.NewGuid().ToString("N")[..6];
        await server.Admin.DeployAsync(name, OnnxModels.Linear(4, 3));
        var rows = await InferRowsAsync(server.Admin, name, 1, 2, 3);
        var failed = await server.Admin.InferAsync(name, """{"inputs":[{"name":"nope","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""");
        await failed.ErrorAsync(HttpStatusCode.BadRequest);
        await SpansAsync(server.Admin, name, s => s.Count == 1, "the first span");

        await server.RestartAsync(Config());
        await server.Admin.WaitServingAsync(name);
        var after = await SpansAsync(server.Admin, name, s => s.Count == 2, "a new span after the restart");
        Assert.NotNull(after.Replicas[0].End);
        Assert.Equal(after.Replicas[0].LastSeen, after.Replicas[0].End);
        Assert.True(after.Replicas[1].Start >= after.Replicas[0].End);
        Assert.Equal(rows, after.Predictions);
        Assert.Equal(3, after.Requests);
        Assert.Equal(1, after.Failures);
        Assert.NotNull(after.LatencyP50Ms);
        Assert.True(after.LatencyP99Ms >= after.LatencyP50Ms, $"p99 {after.LatencyP99Ms} below p50 {after.LatencyP50Ms}");

        rows += await InferRowsAsync(server.Admin, name, 4);
        Assert.Equal(rows, (await StatsAsync(server.Admin, name)).Predictions);
    }

    [Fact]
    public async Task Sigkill_LeavesTheSpanOpen_AndTheNextStartClosesItAtItsLastHeartbeat()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-span-crash-").FullName;
        var config = new Dictionary<string, string?> { ["Serving:SpanHeartbeat"] = "00:00:00.100", ["Serving:UsageFlushInterval"] = "00:00:00.100" };
        var name = "crash-" + Guid.NewGuid().ToString("N")[..6];
        long lastSeen;
        string token;
        using (var first = await ServerProcess.StartAsync(dataDir, config))
        {
            token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.token"), Ct)).Trim();
            using var admin = first.ClientFor(token);
            await admin.DeployAsync(name, OnnxModels.Linear(4, 3));
            await InferRowsAsync(admin, name, 2);
            var span = await SpansAsync(admin, name, s => s.Count == 1 && s[0].LastSeen > s[0].Start, "a heartbeat on the open span");
            await MonitoringSupport.EventuallyAsync(() => StoredUsageAsync(dataDir, name), n => n == 2, "the predictions flushed");
            await first.KillAsync();
            var stored = Assert.Single(await StoredSpansAsync(dataDir, name));
            Assert.Null(stored.EndMs);
            lastSeen = stored.LastSeenMs;
            Assert.True(lastSeen >= span.Replicas[0].LastSeen.ToUnixTimeMilliseconds());
        }

        var restartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var second = await ServerProcess.StartAsync(dataDir, config))
        {
            using var admin = second.ClientFor(token);
            await admin.WaitServingAsync(name);
            var spans = await StoredSpansAsync(dataDir, name);
            Assert.Equal(lastSeen, spans[0].EndMs);
            Assert.True(spans[0].EndMs < restartedAt, "the crashed span must end at its last heartbeat, before the restart");
            Assert.Equal(2, (await StatsAsync(admin, name)).Predictions);
        }

        Directory.Delete(dataDir, recursive: true);
    }

    private static async Task<long> StoredUsageAsync(string dataDir, string name)
    {
        var store = TestMetadata.StoreFor(dataDir);
        await using var db = store.CreateContext();
        return await db.Set<DeploymentUsageRecord>().AsNoTracking().Where(u => u.Deployment == name).SumAsync(u => u.Predictions, Ct);
    }

    [Fact]
    public async Task CostReport_ByDeployment_ChargesReplicaTime_DividesByPredictions_AndProjectTotalsAndBudgetsIncludeIt()
    {
        await using var server = await TestServer.StartAsync(Config());
        var name = "priced-" + Guid.NewGuid().ToString("N")[..6];
        var deployment = await server.Admin.DeployAsync(name, OnnxModels.Linear(4, 3), new() { ["intra_op_threads"] = 2 });
        await SpansAsync(server.Admin, name, s => s.Count == 1, "the span");
        var rows = await InferRowsAsync(server.Admin, name, 3, 5, 8);
        var job = await server.Admin.WaitAsync((await server.Admin.SubmitAsync(TestServer.Shell("true", name: "beside"))).JobIds[0]);

        // Scaled to zero, the deployment's cost stops growing: the report can be checked exactly.
        await ScaleAsync(server.Admin, name, 0);
        var stats = await SpansAsync(server.Admin, name, s => s.Count == 1 && s[0].End is not null, "the span closed");
        var expected = Cost(stats.Replicas[0]);
        Assert.True(expected > 0);
        Near(expected, stats.CostUsd);
        Near(expected / rows, stats.CostPerPrediction!.Value);

        var report = await (await server.Admin.GetAsync("/api/v1/cost/report?by=deployment&since=1h", Ct)).ReadAsync<CostReport>();
        Assert.Equal("deployment", report.By);
        var row = report.Rows.Single(r => r.Name == name);
        Near(expected, row.TotalCost);
        Assert.Equal(0, row.GpuHours);
        Near(2 * (stats.Replicas[0].End!.Value - stats.Replicas[0].Start).TotalHours, row.CpuHours);
        Assert.Equal(rows, row.Predictions);
        Near(expected / rows, row.CostPerPrediction!.Value);
        Assert.Equal(deployment.Project, row.Project);
        var jobs = report.Rows.Single(r => r.Name == CostReport.UnallocatedRow);
        Assert.Null(jobs.Predictions);
        Assert.True(jobs.TotalCost > 0, "the job's cost is in the __unallocated__ row");

        var byProject = await (await server.Admin.GetAsync("/api/v1/cost/report?by=project&since=1h", Ct)).ReadAsync<CostReport>();
        Near(row.TotalCost + jobs.TotalCost, byProject.Totals.AllocatedCost);
        Assert.Equal(job.Project, deployment.Project);
        Near(row.TotalCost + jobs.TotalCost, byProject.Rows.Single(r => r.Name == deployment.Project).TotalCost);

        var budget = await (await server.Admin.PutAsync($"/api/v1/projects/{deployment.Project}/budget", TestServer.Json(new BudgetRequest(1000)), Ct)).ReadAsync<BudgetView>();
        Assert.True(budget.SpentUsd >= row.TotalCost, $"the month's spend {budget.SpentUsd} includes the deployment's {row.TotalCost}");

        var csv = await (await server.Admin.GetAsync("/api/v1/cost/report?by=deployment&since=1h&format=csv", Ct)).Content.ReadAsStringAsync(Ct);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",predictions,cost_per_prediction", lines[0], StringComparison.Ordinal);
        var fields = lines.Single(l => l.StartsWith(name + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal(rows.ToString(CultureInfo.InvariantCulture), fields[^2]);
        Near(expected / rows, double.Parse(fields[^1], CultureInfo.InvariantCulture));

        var metrics = await server.Admin.ScrapeAsync();
        Assert.True(MonitoringSupport.Value(metrics, "gantry_deployment_cost_usd_total", ("deployment", name)) > 0, "the cost counter is exported");
        Assert.Equal(rows, MonitoringSupport.Value(metrics, "gantry_inference_predictions_total", ("deployment", name), ("version", "1")));
    }

    [Fact]
    public async Task BadByAndSince_AreRefusedWithAClearMessage()
    {
        await using var server = await TestServer.StartAsync(Config());
        var bad = await server.Admin.GetAsync("/api/v1/cost/report?by=model", Ct);
        Assert.Equal("by 'model' is not one of project, user, job, pool, deployment", await bad.ProblemAsync(HttpStatusCode.BadRequest));
        var name = "since-" + Guid.NewGuid().ToString("N")[..6];
        await server.Admin.DeployAsync(name, OnnxModels.Linear(4, 3));
        var since = await server.Admin.GetAsync($"/api/v1/deployments/{name}/stats?since=yesterday-ish", Ct);
        Assert.Contains("since 'yesterday-ish'", await since.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_OfAnotherProjectsDeployment_AreNotFound()
    {
        await using var server = await TestServer.StartAsync(Config());
        var name = "private-" + Guid.NewGuid().ToString("N")[..6];
        await server.Admin.DeployAsync(name, OnnxModels.Linear(4, 3));
        (await server.Admin.PostAsync("/api/v1/projects", TestServer.Json(new CreateProjectRequest("elsewhere")), Ct)).EnsureSuccessStatusCode();
        using var outsider = await server.UserAsync("outsider", "elsewhere", Role.Member);
        var refused = await outsider.GetAsync($"/api/v1/deployments/{name}/stats", Ct);
        Assert.Contains("not found", await refused.ProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
        var report = await (await outsider.GetAsync("/api/v1/cost/report?by=deployment&since=1h", Ct)).ReadAsync<CostReport>();
        Assert.DoesNotContain(report.Rows, r => r.Name == name);
    }
}
