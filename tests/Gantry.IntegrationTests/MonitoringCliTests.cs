using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api.Monitoring;
using Gantry.Core.Jobs;

namespace Gantry.IntegrationTests;

/// <summary>`gantry top` and `gantry job metrics` against a real server, run in-process.</summary>
public sealed class MonitoringCliTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _workDir = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(MonitoringSupport.Config(gpus: 2));
        _workDir = Directory.CreateTempSubdirectory("gantry-cli-mon-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_workDir, recursive: true);
    }

    [Fact]
    public async Task Top_ShowsGpusWithUtilisationAndHolder_RunningJobsAndTheQueue()
    {
        var stop = Path.Combine(_workDir, "stop");
        var runner = (await _server.Admin.SubmitAsync(TestServer.Shell($"while [ ! -e '{stop}' ]; do sleep 0.05; done", gpus: 2, name: "trainer"))).JobIds[0];
        await _server.Admin.WaitForAsync(runner, j => j.State == JobState.Running);
        var waiting = (await _server.Admin.SubmitAsync(TestServer.Shell("true", gpus: 1, name: "waiter"))).JobIds[0];
        await _server.InjectAsync(MonitoringSupport.Reading(0, 75), MonitoringSupport.Reading(1, 25));

        var frame = await RunAsync("top", "--once");
        var json = await RunAsync("top", "--json");
        await File.WriteAllTextAsync(stop, "", TestContext.Current.CancellationToken);
        await _server.Admin.WaitAsync(runner);
        await _server.Admin.WaitAsync(waiting);

        Assert.Equal(0, frame.ExitCode);
        var lines = frame.Output.Split('\n');
        Assert.Contains("GPUs 2/2 allocated, 50% utilised - 1 running, 1 queued", lines[0]);
        var gpu0 = lines.Single(l => l.StartsWith("testnode", StringComparison.Ordinal) && l.Contains("[########..]", StringComparison.Ordinal));
        Assert.Contains("75%", gpu0);
        Assert.Contains("4 GiB/16 GiB", gpu0);
        Assert.EndsWith(runner.ToString(CultureInfo.InvariantCulture), gpu0);
        Assert.Contains(lines, l => l.StartsWith(runner.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) && l.Contains("trainer", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(waiting.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) && l.Contains("waiter", StringComparison.Ordinal));

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Output);
        var gpus = doc.RootElement.GetProperty("gpus");
        Assert.Equal(2, gpus.GetArrayLength());
        Assert.Equal(75, gpus[0].GetProperty("utilization").GetDouble());
        Assert.Equal(runner, gpus[0].GetProperty("job_id").GetInt64());
        Assert.Equal(runner, doc.RootElement.GetProperty("running")[0].GetProperty("id").GetInt64());
        Assert.Equal(waiting, doc.RootElement.GetProperty("queued")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task JobMetrics_ShowsTheLatestValuesAndATrend()
    {
        var script = """
            step=0
            for loss in 1.0 0.5 0.33 0.25 0.2; do
              step=$((step + 1))
              printf '{"step": %d, "loss": %s}\n' $step $loss >> "$GANTRY_METRICS"
            done
            printf '{"step": 5, "accuracy": 0.93}\n' >> "$GANTRY_METRICS"
            """;
        var id = (await _server.Admin.SubmitAsync(TestServer.Shell(script))).JobIds[0];
        await _server.Admin.WaitAsync(id);
        await MonitoringSupport.EventuallyAsync(
            () => _server.Admin.GetFromJsonAsync<JobMetricsView>($"/api/v1/jobs/{id}/metrics"),
            v => v.Series.Count == 2,
            "both metrics stored");

        var table = await RunAsync("job", "metrics", id.ToString(CultureInfo.InvariantCulture));
        var json = await RunAsync("job", "metrics", id.ToString(CultureInfo.InvariantCulture), "--json", "--key", "loss");
        var missing = await RunAsync("job", "metrics", "987654");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"job {id}: 1 attempt(s)", table.Output);
        var loss = table.Output.Split('\n').Single(l => l.StartsWith("loss", StringComparison.Ordinal));
        Assert.Contains(" 5 ", loss);
        Assert.Matches(@"\s[_.\-=+*#]{5}$", loss);
        Assert.Contains(table.Output.Split('\n'), l => l.StartsWith("accuracy", StringComparison.Ordinal) && l.Contains("0.93", StringComparison.Ordinal));
        var view = JsonSerializer.Deserialize<JobMetricsView>(json.Output, GantryJson.Options)!;
        Assert.Equal("loss", Assert.Single(view.Series).Key);
        Assert.Equal(5, view.Series[0].Points.Count);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("job 987654 not found", missing.Error);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_server, _workDir, _server.AdminToken, args);
}
