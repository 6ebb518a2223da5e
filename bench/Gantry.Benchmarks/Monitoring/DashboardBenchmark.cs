using System.Diagnostics;

namespace Gantry.Benchmarks.Monitoring;

/// <summary>
/// Dashboard with 100,000 jobs in history. A page is its HTML (static, no data) followed by the data calls its
/// script makes in parallel, as listed in DashboardAssets.cs; "time to data" is when the slowest of them has
/// its first byte, which is when the browser can draw the page. Baseline: GET /healthz on the same server.
/// </summary>
internal static class DashboardBenchmark
{
    private const int HistoryJobs = 100_000;
    private const int Loads = 50;

    private static readonly (string Page, string[] Calls)[] Pages =
    [
        ("overview", ["/api/v1/gpus", "/api/v1/gpus/telemetry?since=6h", "/api/v1/jobs?state=running&limit=1000", "/api/v1/queue?limit=5000", "/api/v1/cost/report?by=project&since=month"]),
        ("jobs", ["/api/v1/jobs?limit=100"]),
        ("jobs, failed only", ["/api/v1/jobs?limit=100&state=failed"]),
        ("job detail", ["/api/v1/jobs/{id}", "/api/v1/jobs/{id}/metrics", "/api/v1/jobs/{id}/gpu"]),
        ("cost, 30 days", ["/api/v1/cost/report?by=project&since=30d"]),
        ("audit", ["/api/v1/audit?limit=100"]),
    ];

    public static async Task RunAsync()
    {
        await using var server = await BenchServer.StartAsync(gpus: 8);
        await JobHistory.FillAsync(server.App, HistoryJobs);
        var http = server.Client;
        var id = (HistoryJobs / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Console.WriteLine();
        Console.WriteLine($"## Dashboard with {HistoryJobs:N0} jobs in history ({Loads} loads of each page, one after another; ms)");
        Console.WriteLine("| page | HTML first byte p50 / p99 | data first byte (slowest call) p50 / p99 | ÷ /healthz p50 |");
        Console.WriteLine("|---|---:|---:|---:|");
        var baseline = await MeasureAsync(http, ["/healthz"]);
        var html = await MeasureAsync(http, ["/dashboard/"]);
        Console.WriteLine($"| baseline: GET /healthz | | {baseline.P50:0.00} / {baseline.P99:0.00} | 1.0 |");
        foreach (var (page, calls) in Pages)
        {
            var data = await MeasureAsync(http, calls.Select(c => c.Replace("{id}", id, StringComparison.Ordinal)).ToArray());
            Console.WriteLine($"| {page} | {html.P50:0.00} / {html.P99:0.00} | {data.P50:0.00} / {data.P99:0.00} | {data.P50 / baseline.P50:0.0} |");
        }
    }

    /// <summary>Time until every call of one page load has its response headers (all calls in parallel).</summary>
    private static async Task<(double P50, double P99)> MeasureAsync(HttpClient http, string[] calls)
    {
        for (var i = 0; i < 3; i++)
            await LoadAsync(http, calls);
        var times = new double[Loads];
        for (var i = 0; i < Loads; i++)
            times[i] = await LoadAsync(http, calls);
        Array.Sort(times);
        return (times[Loads / 2], times[(int)(Loads * 0.99)]);
    }

    private static async Task<double> LoadAsync(HttpClient http, string[] calls)
    {
        var clock = Stopwatch.StartNew();
        var firstBytes = await Task.WhenAll(calls.Select(async call =>
        {
            using var response = await http.GetAsync(call, HttpCompletionOption.ResponseHeadersRead);
            var at = clock.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET {call} answered {(int)response.StatusCode}");
            await response.Content.CopyToAsync(Stream.Null);
            return at;
        }));
        return firstBytes.Max();
    }
}
