using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Gantry.Benchmarks.Serving;

/// <summary>What an open-loop load got back: status codes, and the latency of the requests that were answered 200.</summary>
internal sealed record OpenLoopResult(double OfferedRate, TimeSpan Elapsed, IReadOnlyDictionary<int, int> ByStatus, TimeSpan P50Ok, TimeSpan P99Ok, TimeSpan MaxOk)
{
    public double OkPerSecond => ByStatus.GetValueOrDefault(200) / Elapsed.TotalSeconds;

    public string Latency => $"{P50Ok.TotalMilliseconds:0.00} / {P99Ok.TotalMilliseconds:0.00}";

    public string Codes => string.Join(", ", ByStatus.OrderBy(p => p.Key).Select(p => $"{p.Value} × {(p.Key == 0 ? "no answer" : p.Key.ToString(CultureInfo.InvariantCulture))}"));
}

/// <summary>
/// Requests sent at a fixed rate whatever the server does (open loop), unlike <see cref="ServingLoad"/>'s clients that
/// wait for each answer — the way to see latency at a given load and behaviour under overload.
/// </summary>
internal static class ServingOpenLoop
{
    public static HttpClient Client(string address, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2048 }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<OpenLoopResult> RunAsync(HttpClient client, string url, byte[] body, double rate, TimeSpan duration, int? deadlineMs)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var calls = new List<Task<(int Status, TimeSpan Took)>>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            calls.Add(SendAsync(client, url, body, deadlineMs));
        }

        var results = await Task.WhenAll(calls);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var ok = results.Where(r => r.Status == 200).Select(r => r.Took).Order().ToArray();
        var byStatus = results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        return ok.Length == 0
            ? new OpenLoopResult(rate, elapsed, byStatus, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero)
            : new OpenLoopResult(rate, elapsed, byStatus, ok[ok.Length / 2], ok[(int)(ok.Length * 0.99)], ok[^1]);
    }

    private static async Task<(int Status, TimeSpan Took)> SendAsync(HttpClient client, string url, byte[] body, int? deadlineMs)
    {
        await Task.Yield();
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (deadlineMs is { } ms)
                request.Headers.Add("Gantry-Deadline-Ms", ms.ToString(CultureInfo.InvariantCulture));
            using var response = await client.SendAsync(request);
            await response.Content.CopyToAsync(Stream.Null);
            return ((int)response.StatusCode, Stopwatch.GetElapsedTime(start));
        }
        catch (HttpRequestException)
        {
            return (0, Stopwatch.GetElapsedTime(start));
        }
    }
}
