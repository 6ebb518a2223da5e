using System.Globalization;
using System.Net;
using System.Text;
using Gantry.Core.Api;
using Gantry.Core.Api.Monitoring;
using Gantry.Core.Jobs;
using Gantry.Storage;
using Gantry.Storage.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.IntegrationTests;

/// <summary>GPU telemetry through the real server: stored, attributed, downsampled, kept across restarts.</summary>
public sealed class MonitoringTelemetryTests
{
    [Fact]
    public async Task Telemetry_IsStored_AndAttributedToTheJobHoldingTheGpu()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var stop = Path.Combine(server.DataDir, "stop");
        var id = (await server.Admin.SubmitAsync(TestServer.Shell($"while [ ! -e '{stop}' ]; do sleep 0.05; done", gpus: 1))).JobIds[0];
        var held = (await server.Admin.WaitForAsync(id, j => j.State == JobState.Running)).Gpus[0];
        var idle = 1 - held;
        // Recorded Running comes a moment before the supervisor holds the allocation that telemetry is attributed by.
        await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<GpuView[]>("/api/v1/gpus"),
            gpus => gpus!.Any(g => g.JobId == id),
            "the job's GPU to show it as holder");

        var source = await server.InjectAsync(MonitoringSupport.Reading(held, 80), MonitoringSupport.Reading(idle, 0));
        source.Push([MonitoringSupport.Reading(held, 100), MonitoringSupport.Reading(idle, 10)]);
        await server.Collector().CollectOnceAsync(TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(stop, "", TestContext.Current.CancellationToken);
        await server.Admin.WaitAsync(id);
        source.Push([MonitoringSupport.Reading(held, 5)]);
        await server.Collector().CollectOnceAsync(TestContext.Current.CancellationToken);

        var all = await server.Admin.GetFromJsonAsync<GpuTelemetryResponse>("/api/v1/gpus/telemetry?since=10m&step=10m");
        var one = await server.Admin.GetFromJsonAsync<GpuTelemetryResponse>($"/api/v1/gpus/telemetry?node=testnode&gpu={idle}&since=10m&step=10m");
        var usage = await server.Admin.GetFromJsonAsync<JobGpuUsageView>($"/api/v1/jobs/{id}/gpu");

        Assert.Equal(2, all.Gpus.Count);
        var heldSeries = all.Gpus.Single(g => g.Gpu == held);
        Assert.Equal("GPU-test-" + held.ToString(CultureInfo.InvariantCulture), heldSeries.Uuid);
        Assert.Equal("Test GPU 16GB", heldSeries.Model);
        var point = Assert.Single(heldSeries.Points);
        Assert.Equal(3, point.Samples);
        Assert.Equal((80 + 100 + 5) / 3.0, point.Utilization!.Value, 6);
        Assert.Equal(2 / 3.0, point.Allocated, 6);
        Assert.Equal(4L << 30, point.MemoryUsedBytes);
        Assert.Equal(0, Assert.Single(Assert.Single(one.Gpus).Points).Allocated);

        Assert.Equal(id, usage.JobId);
        var jobGpu = Assert.Single(usage.Gpus);
        Assert.Equal(held, jobGpu.Gpu);
        Assert.Equal(2, jobGpu.Points.Sum(p => p.Samples));
        Assert.Equal(90, usage.AverageUtilization!.Value, 6);
        Assert.True(usage.GpuHours > 0, "a job that held a GPU has GPU-hours");
    }

    [Fact]
    public async Task Telemetry_IsDownsampled_AndSurvivesARestart()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var now = DateTimeOffset.UtcNow;
        var twoHoursAgo = Minute(now.AddHours(-2));
        var fortyDaysAgo = Hour(now.AddDays(-40));
        var readings = new List<Execution.Telemetry.GpuSample>();
        for (var s = 0; s < 120; s++)
            readings.Add(MonitoringSupport.Reading(0, s < 60 ? 20 : 60, twoHoursAgo.AddSeconds(s)));
        for (var m = 0; m < 3; m++)
            readings.Add(MonitoringSupport.Reading(0, 30 * m, fortyDaysAgo.AddMinutes(m)));
        readings.Add(MonitoringSupport.Reading(0, 99, now));
        await server.InjectAsync([.. readings]);

        var (raw, minutes) = await server.Collector().CompactAsync(TestContext.Current.CancellationToken);
        var (moreRaw, moreMinutes) = await server.Collector().CompactAsync(TestContext.Current.CancellationToken);
        var tiers = await TiersAsync(server);
        var before = await QueryAsync(server, twoHoursAgo, "1m");
        var old = await QueryAsync(server, fortyDaysAgo, "1h");
        await server.RestartAsync(MonitoringSupport.Config());
        var after = await QueryAsync(server, twoHoursAgo, "1m");

        Assert.Equal(123, raw);
        Assert.Equal(3, minutes);
        Assert.Equal((0, 0), (moreRaw, moreMinutes));
        Assert.Equal([(0, 1), (1, 2), (2, 1)], tiers);
        Assert.Equal([60, 60], before.Take(2).Select(p => p.Samples));
        Assert.Equal([20.0, 60.0], before.Take(2).Select(p => p.Utilization!.Value));
        Assert.Equal(twoHoursAgo, before[0].At);
        var hour = old[0];
        Assert.Equal(fortyDaysAgo, hour.At);
        Assert.Equal(3, hour.Samples);
        Assert.Equal(30, hour.Utilization);
        Assert.Equal(before, after);
        Assert.Equal(99, after[^1].Utilization);
    }

    [Fact]
    public async Task JobGpuAndMetrics_OfAnotherProject_AnswerNotFound()
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());
        var id = (await server.Admin.SubmitAsync(TestServer.Shell("true"))).JobIds[0];
        await server.Admin.WaitAsync(id);
        using var outsider = await server.UserAsync("erin", "vision", Role.Member);

        var gpu = await outsider.GetAsync($"/api/v1/jobs/{id}/gpu", TestContext.Current.CancellationToken);
        var metrics = await outsider.GetAsync($"/api/v1/jobs/{id}/metrics", TestContext.Current.CancellationToken);
        var missing = await server.Admin.GetAsync("/api/v1/jobs/999999/gpu", TestContext.Current.CancellationToken);
        var telemetry = await outsider.GetAsync("/api/v1/gpus/telemetry", TestContext.Current.CancellationToken);

        Assert.Contains($"job {id} not found", await gpu.ProblemAsync(HttpStatusCode.NotFound));
        Assert.Contains($"job {id} not found", await metrics.ProblemAsync(HttpStatusCode.NotFound));
        await missing.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, telemetry.StatusCode);
    }

    [Theory]
    [InlineData("since=yesterday", "since 'yesterday'")]
    [InlineData("step=0s", "step must be at least 1s")]
    [InlineData("since=30d&step=1s", "too many")]
    [InlineData("since=1m&until=2m", "since must be before until")]
    public async Task Telemetry_RefusesBadRanges(string query, string message)
    {
        await using var server = await TestServer.StartAsync(MonitoringSupport.Config());

        var response = await server.Admin.GetAsync("/api/v1/gpus/telemetry?" + query, TestContext.Current.CancellationToken);

        Assert.Contains(message, await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task DcgmExporter_OfAPool_IsScraped()
    {
        using var exporter = new System.Net.HttpListener();
        var port = FreePort();
        exporter.Prefixes.Add($"http://127.0.0.1:{port}/");
        exporter.Start();
        _ = ServeAsync(exporter, """
            # HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
            # TYPE DCGM_FI_DEV_GPU_UTIL gauge
            DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-remote-0",device="nvidia0",modelName="NVIDIA A100-SXM4-80GB",Hostname="slurm-node-3"} 77
            DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-remote-1",device="nvidia1",modelName="NVIDIA A100-SXM4-80GB",Hostname="slurm-node-3"} 12
            # HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).
            # TYPE DCGM_FI_DEV_FB_USED gauge
            DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-remote-0",device="nvidia0",modelName="NVIDIA A100-SXM4-80GB",Hostname="slurm-node-3"} 1024
            DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-remote-0",device="nvidia0",modelName="NVIDIA A100-SXM4-80GB",Hostname="slurm-node-3"} 80896

            """);
        var config = MonitoringSupport.Config(extra: new()
        {
            ["Monitoring:TelemetryInterval"] = "00:00:00.200",
            ["Monitoring:Pools:slurm:DcgmExporters:0"] = $"http://127.0.0.1:{port}/metrics",
        });
        await using var server = await TestServer.StartAsync(config);

        var response = await MonitoringSupport.EventuallyAsync(
            () => server.Admin.GetFromJsonAsync<GpuTelemetryResponse>("/api/v1/gpus/telemetry?node=slurm-node-3&since=5m&step=5m"),
            r => r.Gpus.Count == 2,
            "the DCGM exporter's GPUs in the telemetry");
        var metrics = await server.Admin.ScrapeAsync();

        var first = response.Gpus[0];
        Assert.Equal(("GPU-remote-0", "NVIDIA A100-SXM4-80GB"), (first.Uuid, first.Model));
        Assert.Equal(77, first.Points[0].Utilization);
        Assert.Equal(81920L << 20, first.Points[0].MemoryTotalBytes);
        Assert.Equal(12, MonitoringSupport.Value(metrics, "DCGM_FI_DEV_GPU_UTIL", ("Hostname", "slurm-node-3"), ("gpu", "1")));
        exporter.Stop();
    }

    private static async Task ServeAsync(System.Net.HttpListener listener, string page)
    {
        var body = Encoding.UTF8.GetBytes(page);
        while (listener.IsListening)
        {
            System.Net.HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static async Task<List<(int Tier, int Rows)>> TiersAsync(TestServer server)
    {
        await using var db = server.App.Services.GetRequiredService<MetadataStore>().CreateContext();
        var tiers = await db.Set<GpuTelemetryRecord>().GroupBy(t => t.Tier).Select(g => new { g.Key, Count = g.Count() })
            .OrderBy(t => t.Key).ToListAsync(TestContext.Current.CancellationToken);
        return tiers.Select(t => (t.Key, t.Count)).ToList();
    }

    private static async Task<IReadOnlyList<GpuTelemetryPoint>> QueryAsync(TestServer server, DateTimeOffset since, string step)
    {
        var from = Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture));
        var response = await server.Admin.GetFromJsonAsync<GpuTelemetryResponse>($"/api/v1/gpus/telemetry?gpu=0&since={from}&step={step}");
        return Assert.Single(response.Gpus).Points;
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
