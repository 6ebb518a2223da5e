using System.Diagnostics;
using System.Net.Http.Headers;

namespace Gantry.Benchmarks.Serving;

/// <summary>Throughput and latency of a fixed number of calls made by concurrent clients.</summary>
internal sealed record LoadResult(int Requests, int Rows, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99)
{
    /// <summary>This process's CPU time per request during the load (server and clients together), in microseconds.</summary>
    public double CpuMicrosPerRequest { get; init; }

    /// <summary>Bytes this process allocated per request during the load (server and clients together): load-independent.</summary>
    public double AllocatedBytesPerRequest { get; init; }

    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public string Latency => $"{P50.TotalMilliseconds:0.00} / {P99.TotalMilliseconds:0.00}";
}

internal static class ServingLoad
{
    public const int Clients = 64;

    /// <summary>Runs <paramref name="call"/> <paramref name="requests"/> times from <see cref="Clients"/> concurrent loops.</summary>
    public static async Task<LoadResult> RunAsync(int requests, int rowsPerRequest, Func<Task> call)
    {
        var latencies = new long[requests];
        var next = -1;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                latencies[i] = Stopwatch.GetTimestamp() - start;
            }
        })));
        var elapsed = watch.Elapsed;
        process.Refresh();
        var cpuMicros = (process.TotalProcessorTime - cpu).TotalMicroseconds / requests;
        var bytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / requests;
        Array.Sort(latencies);
        return new LoadResult(requests, requests * rowsPerRequest, elapsed,
            Stopwatch.GetElapsedTime(0, latencies[requests / 2]), Stopwatch.GetElapsedTime(0, latencies[(int)(requests * 0.99)]))
        {
            CpuMicrosPerRequest = cpuMicros,
            AllocatedBytesPerRequest = bytes,
        };
    }

    /// <summary>An HTTP load: POST <paramref name="body"/> (JSON) to <paramref name="url"/>, expecting 200.</summary>
    public static Task<LoadResult> PostAsync(HttpClient client, string url, byte[] body, int requests, int rowsPerRequest) =>
        RunAsync(requests, rowsPerRequest, async () =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(url, content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        });

    public static HttpClient Client(string address, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(address) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
