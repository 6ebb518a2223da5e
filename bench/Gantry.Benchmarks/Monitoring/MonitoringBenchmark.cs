using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Gantry.Execution.Telemetry;
using Gantry.Server;
using Gantry.Server.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Benchmarks.Monitoring;

/// <summary>
/// Monitoring costs: the telemetry collector's CPU at a 1 s interval with 8 GPUs' worth of readings
/// (target: under 1% of one core), and the time of a <c>/metrics</c> scrape with 10,000 jobs in history
/// beside a bare authenticated endpoint.
/// </summary>
internal static class MonitoringBenchmark
{
    private const int Gpus = 8;
    private const int HistoryJobs = 10_000;
    private const int Scrapes = 200;
    private const int Rounds = 3;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    public static async Task RunAsync()
    {
        await CollectorOverheadAsync();
        await ScrapeTimeAsync();
    }

    private static async Task CollectorOverheadAsync()
    {
        // Per collection: read 8 GPUs, attribute, keep the newest, store them in one transaction.
        await using (var server = await StartAsync(telemetryInterval: "01:00:00"))
        {
            var collector = server.App.Services.GetRequiredService<TelemetryCollector>();
            collector.AddSource(Synthetic());
            for (var i = 0; i < 20; i++)
                await collector.CollectOnceAsync(CancellationToken.None);
            const int rounds = 300;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < rounds; i++)
                await collector.CollectOnceAsync(CancellationToken.None);
            var perCollect = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / rounds;
            var wall = clock.Elapsed / rounds;
            Console.WriteLine();
            Console.WriteLine($"## Telemetry collector: one collection of {Gpus} GPUs (read, attribute, store in one transaction), {rounds} in a row");
            Console.WriteLine("| measure | per collection | at a 1 s interval, share of one core | target |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| CPU time | {perCollect.TotalMilliseconds:0.00} ms | {perCollect.TotalSeconds * 100:0.000}% | < 1% |");
            Console.WriteLine($"| wall time (incl. fsync) | {wall.TotalMilliseconds:0.00} ms | | |");
        }

        // Whole process, side by side: an idle server and the same server collecting every second,
        // alternated three times (the median of each) so start-up and GC noise falls on both.
        var idleRuns = new List<TimeSpan>();
        var busyRuns = new List<TimeSpan>();
        for (var round = 0; round < Rounds; round++)
        {
            idleRuns.Add(await ProcessCpuAsync(withTelemetry: false));
            busyRuns.Add(await ProcessCpuAsync(withTelemetry: true));
        }

        var idle = idleRuns.Order().ElementAt(Rounds / 2);
        var busy = busyRuns.Order().ElementAt(Rounds / 2);
        Console.WriteLine();
        Console.WriteLine($"## Telemetry collector: server process CPU over {Window.TotalSeconds:0} s (median of {Rounds}), 1 s interval, {Gpus} GPUs");
        Console.WriteLine("| server | CPU time | share of one core |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| idle, no telemetry (baseline) | {idle.TotalMilliseconds:0} ms | {idle / Window * 100:0.000}% |");
        Console.WriteLine($"| collecting {Gpus} GPUs every second | {busy.TotalMilliseconds:0} ms | {busy / Window * 100:0.000}% |");
        Console.WriteLine($"| **collector overhead** | {(busy - idle).TotalMilliseconds:0} ms | **{(busy - idle) / Window * 100:0.000}%** (target < 1%) |");
    }

    private static async Task<TimeSpan> ProcessCpuAsync(bool withTelemetry)
    {
        await using var server = await StartAsync(telemetryInterval: "00:00:01");
        if (withTelemetry)
            server.App.Services.GetRequiredService<TelemetryCollector>().AddSource(Synthetic());
        await Task.Delay(TimeSpan.FromSeconds(5)); // settle: start-up work, JIT, the previous server's clean-up
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(Window);
        return Process.GetCurrentProcess().TotalProcessorTime - cpu;
    }

    private static async Task ScrapeTimeAsync()
    {
        await using var server = await StartAsync(telemetryInterval: "01:00:00");
        await JobHistory.FillAsync(server.App, HistoryJobs);
        var collector = server.App.Services.GetRequiredService<TelemetryCollector>();
        collector.AddSource(Synthetic());
        await collector.CollectOnceAsync(CancellationToken.None);

        using var http = new HttpClient { BaseAddress = new Uri(server.App.Address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.App.BootstrapToken);
        var bytes = (await http.GetStringAsync("/metrics")).Length;
        var baseline = await TimeAsync(http, "/api/v1/nodes");
        var scrape = await TimeAsync(http, "/metrics");
        Console.WriteLine();
        Console.WriteLine($"## /metrics scrape with {HistoryJobs:N0} jobs in history and {Gpus} GPUs of telemetry ({Scrapes} sequential requests, {bytes:N0} bytes)");
        Console.WriteLine("| endpoint | p50 ms | p99 ms | mean ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| GET /api/v1/nodes (baseline: authenticated, no database) | {baseline.P50:0.00} | {baseline.P99:0.00} | {baseline.Mean:0.00} |");
        Console.WriteLine($"| GET /metrics | {scrape.P50:0.00} | {scrape.P99:0.00} | {scrape.Mean:0.00} |");
        Console.WriteLine($"| ratio /metrics : baseline (p50) | {scrape.P50 / baseline.P50:0.0}x | | |");
    }

    private static async Task<(double P50, double P99, double Mean)> TimeAsync(HttpClient http, string path)
    {
        for (var i = 0; i < 20; i++)
            (await http.GetAsync(path)).EnsureSuccessStatusCode();
        var times = new double[Scrapes];
        for (var i = 0; i < Scrapes; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[Scrapes / 2], times[(int)(Scrapes * 0.99)], times.Average());
    }

    private static InjectedTelemetrySource Synthetic()
    {
        var source = new InjectedTelemetrySource("synthetic") { Repeat = true };
        source.Push(Enumerable.Range(0, Gpus).Select(i => new GpuSample(null, i)
        {
            Uuid = $"GPU-bench-{i}",
            Model = "Bench GPU",
            UtilizationPercent = 50 + i,
            MemoryUsedBytes = 40L << 30,
            MemoryTotalBytes = 80L << 30,
            PowerWatts = 400,
            EnergyMillijoules = 1e9,
            TemperatureCelsius = 60,
            SmClockMhz = 1980,
        }));
        return source;
    }

    private static async Task<BenchApp> StartAsync(string telemetryInterval)
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-bench-mon-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Local:DiscoverGpus"] = "false",
            ["Local:DeclaredAccelerators:0:Model"] = "Bench GPU",
            ["Local:DeclaredAccelerators:0:Count"] = Gpus.ToString(CultureInfo.InvariantCulture),
            ["Monitoring:TelemetryInterval"] = telemetryInterval,
        };
        return new BenchApp(await GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), config, CancellationToken.None), dataDir);
    }

    private sealed class BenchApp(GantryApp app, string dataDir) : IAsyncDisposable
    {
        public GantryApp App { get; } = app;

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
