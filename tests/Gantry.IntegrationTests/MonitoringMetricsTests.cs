using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Gantry.Core.Jobs;
using Gantry.Execution.Telemetry;

namespace Gantry.IntegrationTests;

/// <summary>/metrics: authenticated, Prometheus text, job counts, histograms, DCGM-named GPU telemetry.</summary>
public sealed class MonitoringMetricsTests
{
    [Fact]
    public async Task Metrics_NeedAToken_AndCountJobsByState_WithHistogramBuckets()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var ok = (await server.Admin.SubmitAsync(TestServer.Shell("true"))).JobIds[0];
        var bad = (await server.Admin.SubmitAsync(TestServer.Shell("exit 3"))).JobIds[0];
        await server.Admin.WaitAsync(ok);
        await server.Admin.WaitAsync(bad);

        using var anonymous = server.ClientFor(null);
        var refused = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var metrics = await server.Admin.ScrapeAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, MonitoringSupport.Value(metrics, "gantry_jobs", ("state", "succeeded")));
        Assert.Equal(1, MonitoringSupport.Value(metrics, "gantry_jobs", ("state", "failed")));
        Assert.Equal(0, MonitoringSupport.Value(metrics, "gantry_jobs", ("state", "queued")));
        Assert.Equal(2, MonitoringSupport.Value(metrics, "gantry_gpus", ("state", "free")));
        Assert.Equal(2, MonitoringSupport.Value(metrics, "gantry_job_queue_wait_seconds_count"));
        Assert.Equal(2, MonitoringSupport.Value(metrics, "gantry_job_queue_wait_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(2, MonitoringSupport.Value(metrics, "gantry_job_queue_wait_seconds_bucket", ("le", "86400")));
        Assert.Equal(1, MonitoringSupport.Value(metrics, "gantry_job_run_seconds_count", ("state", "succeeded")));
        Assert.Equal(1, MonitoringSupport.Value(metrics, "gantry_job_run_seconds_bucket", ("state", "failed"), ("le", "604800")));
        Assert.Equal(2, MonitoringSupport.Value(metrics, "gantry_job_attempts_started_total"));
        Assert.True(MonitoringSupport.Value(metrics, "gantry_scheduler_cycle_seconds_count") >= 1);
        Assert.Contains("# TYPE gantry_scheduler_cycle_seconds histogram", metrics);
        Assert.Contains("gantry_scheduler_cycle_seconds_bucket{", metrics);
    }

    [Fact]
    public async Task Metrics_AnswerWithoutToken_WhenMetricsAnonymousIsSet()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config(extra: new() { ["Monitoring:MetricsAnonymous"] = "true" }));
        using var anonymous = server.ClientFor(null);

        var metrics = await anonymous.ScrapeAsync();
        var api = await anonymous.GetAsync("/api/v1/gpus/telemetry", TestContext.Current.CancellationToken);

        Assert.Contains("gantry_jobs{", metrics);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task GpuTelemetry_IsExportedUnderDcgmNames_AndAttributedToTheRunningJob()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var stop = Path.Combine(server.DataDir, "stop");
        var id = (await server.Admin.SubmitAsync(TestServer.Shell($"while [ ! -e '{stop}' ]; do sleep 0.05; done", gpus: 1))).JobIds[0];
        var job = await server.Admin.WaitForAsync(id, j => j.State == JobState.Running);
        var held = job.Gpus[0];

        await server.InjectAsync(MonitoringSupport.Reading(0, 91), MonitoringSupport.Reading(1, 3));
        var metrics = await server.Admin.ScrapeAsync();
        await File.WriteAllTextAsync(stop, "", TestContext.Current.CancellationToken);
        await server.Admin.WaitAsync(id);
        await server.Collector().CollectOnceAsync(TestContext.Current.CancellationToken);
        var after = await server.Admin.ScrapeAsync();

        var gpu = held.ToString(CultureInfo.InvariantCulture);
        var labels = new[] { ("gpu", "0"), ("UUID", "GPU-test-0"), ("modelName", "Test GPU 16GB"), ("Hostname", "testnode") };
        Assert.Equal(91, MonitoringSupport.Value(metrics, DcgmFields.GpuUtil, labels));
        Assert.Equal(4096, MonitoringSupport.Value(metrics, DcgmFields.FbUsed, ("gpu", "1")));
        Assert.Equal(12288, MonitoringSupport.Value(metrics, DcgmFields.FbFree, ("gpu", "1")));
        Assert.Equal(191, MonitoringSupport.Value(metrics, DcgmFields.PowerUsage, ("gpu", "0")));
        Assert.Equal(5_000_000, MonitoringSupport.Value(metrics, DcgmFields.TotalEnergyConsumption, ("gpu", "0")));
        Assert.Equal(50, MonitoringSupport.Value(metrics, DcgmFields.GpuTemp, ("gpu", "0")));
        Assert.Equal(1500, MonitoringSupport.Value(metrics, DcgmFields.SmClock, ("gpu", "0")));
        Assert.Contains($"# TYPE {DcgmFields.TotalEnergyConsumption} counter", metrics);
        Assert.Equal(held == 0 ? 91 : 3, MonitoringSupport.Value(metrics, "gantry_job_gpu_utilization",
            ("job", id.ToString(CultureInfo.InvariantCulture)), ("project", "default"), ("gpu", gpu)));
        Assert.Equal(1, MonitoringSupport.Value(metrics, "gantry_gpus", ("state", "allocated")));
        Assert.DoesNotContain("gantry_job_gpu_utilization{", after);
        Assert.DoesNotContain(DcgmFields.GpuUtil + "{", after);
    }

    [Fact]
    public async Task Promtool_AcceptsTheMetrics()
    {
        Requirements.Require(File.Exists("/usr/bin/promtool"), "needs promtool: apt-get install prometheus");
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        await server.Admin.WaitAsync((await server.Admin.SubmitAsync(TestServer.Shell("true"))).JobIds[0]);
        await server.InjectAsync(MonitoringSupport.Reading(0, 50), MonitoringSupport.Reading(1, 60));
        var metrics = await server.Admin.ScrapeAsync();

        var (code, output) = await RunAsync("/usr/bin/promtool", ["check", "metrics"], metrics);

        // Exit 1 is a format error. Exit 3 is lint advice; the only advice allowed is about the DCGM
        // exporter's own names and labels (camelCase labels, a counter without _total), which Gantry
        // keeps on purpose so dashboards written for DCGM exporter work unchanged.
        Assert.True(code is 0 or 3, $"promtool exited {code}:\n{output}");
        var advice = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(advice, line => Assert.StartsWith("DCGM_FI_", line));
        Assert.Contains("gantry_jobs", metrics);
    }

    [Fact]
    public async Task Prometheus_ScrapesGantry_WithABearerTokenFile()
    {
        Requirements.Require(File.Exists("/usr/bin/prometheus"), "needs Prometheus: apt-get install prometheus");
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        await server.InjectAsync(MonitoringSupport.Reading(0, 42));
        var work = Directory.CreateTempSubdirectory("gantry-prom-").FullName;
        var tokenFile = Path.Combine(work, "token");
        await File.WriteAllTextAsync(tokenFile, server.AdminToken, TestContext.Current.CancellationToken);
        var target = new Uri(server.App.Address).Authority;
        await File.WriteAllTextAsync(Path.Combine(work, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: gantry
                metrics_path: /metrics
                authorization:
                  credentials_file: {tokenFile}
                static_configs:
                  - targets: ['{target}']
            """, TestContext.Current.CancellationToken);
        var port = FreePort();
        using var prometheus = Process.Start(new ProcessStartInfo("/usr/bin/prometheus",
        [
            "--config.file=" + Path.Combine(work, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(work, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _ = prometheus.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = prometheus.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var utilization = await MonitoringSupport.EventuallyAsync(
                () => QueryAsync(http, DcgmFields.GpuUtil + "{gpu=\"0\"}"),
                v => v is not null,
                "Prometheus to scrape DCGM_FI_DEV_GPU_UTIL from Gantry");
            var up = await QueryAsync(http, "up{job=\"gantry\"}");
            var jobs = await QueryAsync(http, "sum(gantry_jobs)");

            Assert.Equal(42, utilization);
            Assert.Equal(1, up);
            Assert.Equal(0, jobs);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(work, recursive: true);
        }

    }

    private static async Task<double?> QueryAsync(HttpClient http, string query)
    {
        try
        {
            var text = await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query), TestContext.Current.CancellationToken);
            using var doc = JsonDocument.Parse(text);
            var result = doc.RootElement.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() == 0)
                return null;
            return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] arguments, string input)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
