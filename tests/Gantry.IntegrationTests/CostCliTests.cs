using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api.Cost;
using Gantry.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.IntegrationTests;

/// <summary><c>gantry cost …</c> against a real server, run in-process through CliApp.</summary>
public sealed class CostCliTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _workDir = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(CostTests.Config());
        _workDir = Directory.CreateTempSubdirectory("gantry-cost-cli-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task Report_AsTableCsvAndJson()
    {
        var job = await _server.Admin.WaitAsync((await _server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 1, name: "cli-cost"))).JobIds[0]);
        Assert.Equal(JobState.Succeeded, job.State);

        var table = await RunAsync("cost", "report", "--by", "job", "--since", "1h");
        var csv = await RunAsync("cost", "report", "--by", "project", "--format", "csv");
        var json = await RunAsync("cost", "report", "--by", "user", "--format", "json");
        var bad = await RunAsync("cost", "report", "--by", "team");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("TOTAL $", table.Output);
        Assert.Contains("cli-cost", table.Output);
        Assert.Contains("__idle__", table.Output);
        Assert.Contains("efficiency (allocated ÷ available):", table.Output);
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("name,window_start,window_end,gpu_hours", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("default,", StringComparison.Ordinal));
        var report = JsonSerializer.Deserialize<CostReport>(json.Output, GantryJson.Options)!;
        Assert.Equal("user", report.By);
        Assert.True(report.Rows.Single(r => r.Name == "admin").GpuCost > 0);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--by 'team'", bad.Error);
    }

    [Fact]
    public async Task Report_ByDeployment_ShowsPredictionsAndCostPerPrediction()
    {
        var name = "cli-serve-" + Guid.NewGuid().ToString("N")[..6];
        await _server.Admin.DeployAsync(name, Gantry.Serving.Tests.OnnxModels.Linear(4, 3));

        // The replica span is written just after the deployment turns ready.
        await MonitoringSupport.EventuallyAsync(
            () => _server.Admin.GetFromJsonAsync<Gantry.Core.Api.Serving.DeploymentStatsView>($"/api/v1/deployments/{name}/stats"),
            s => s.Replicas.Count == 1, "the deployment's replica span");
        foreach (var rows in new[] { 2, 5 })
            await (await _server.Admin.InferAsync(name, ServingTestKit.LinearRequest(rows).Json)).OkJsonAsync();

        var table = await RunAsync("cost", "report", "--by", "deployment", "--since", "1h");
        var csv = await RunAsync("cost", "report", "--by", "deployment", "--since", "1h", "--format", "csv");
        var json = await RunAsync("cost", "report", "--by", "deployment", "--since", "1h", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("PREDICTIONS", table.Output);
        Assert.Contains("$/PREDICTION", table.Output);
        Assert.Contains(table.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal) && l.Contains(" 7 ", StringComparison.Ordinal));
        Assert.Equal(0, csv.ExitCode);
        Assert.Contains(csv.Output.Split("\r\n"), l => l.StartsWith(name + ",", StringComparison.Ordinal) && l.Split(',')[^2] == "7");
        var report = JsonSerializer.Deserialize<CostReport>(json.Output, GantryJson.Options)!;
        var row = report.Rows.Single(r => r.Name == name);
        Assert.Equal(7, row.Predictions);
        Assert.Equal(row.TotalCost / 7, row.CostPerPrediction!.Value, 12);
    }

    [Fact]
    public async Task PricesBudgetsAndAlerts_ThroughTheCli()
    {
        var job = await _server.Admin.WaitAsync((await _server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 1))).JobIds[0]);
        Assert.Equal(JobState.Succeeded, job.State);

        var prices = await RunAsync("cost", "prices");
        var set = await RunAsync("cost", "budget", "set", "default", "--monthly", "5000", "--alerts", "0.5,80%,1", "--hard-stop");
        var show = await RunAsync("cost", "budget", "show", "default", "--json");
        var tiny = await RunAsync("cost", "budget", "set", "default", "--monthly", "0.000001", "--alerts", "1");
        await _server.App.Services.GetRequiredService<Server.Cost.CostMonitor>().CheckOnceAsync(TestContext.Current.CancellationToken);
        var alerts = await RunAsync("cost", "alerts");
        var badAlerts = await RunAsync("cost", "budget", "set", "default", "--monthly", "5", "--alerts", "half");

        Assert.Equal(0, prices.ExitCode);
        Assert.Contains("GPU Test GPU 16GB (×2)", prices.Output);
        Assert.Contains("configured: Cost:Pools:local:Gpus:Test GPU 16GB", prices.Output);
        Assert.Equal(0, set.ExitCode);
        Assert.Contains("budget:       $5,000.00 a month", set.Output);
        Assert.Contains("alerts at:    50%, 80%, 100%", set.Output);
        Assert.Contains("hard stop:    yes", set.Output);
        var budget = JsonSerializer.Deserialize<BudgetView>(show.Output, GantryJson.Options)!;
        Assert.Equal((5000.0, true), (budget.MonthlyUsd, budget.HardStop));
        Assert.Equal([0.5, 0.8, 1.0], budget.AlertThresholds);
        Assert.Equal(0, tiny.ExitCode);
        Assert.Contains("hard stop:    no", tiny.Output);
        Assert.Equal(0, alerts.ExitCode);
        Assert.Contains("default", alerts.Output);
        Assert.Contains("100%", alerts.Output);
        Assert.Equal(2, badAlerts.ExitCode);
        Assert.Contains("'half' is not a number", badAlerts.Error);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_server, _workDir, _server.AdminToken, args);

}
