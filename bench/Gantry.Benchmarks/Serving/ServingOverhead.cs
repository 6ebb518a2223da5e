using System.Buffers;
using System.Globalization;
using System.Net;
using Gantry.Client;
using Gantry.Serving;
using Gantry.Serving.Tests;

namespace Gantry.Benchmarks.Serving;

/// <summary>
/// The per-request cost of the server pipeline on the digits model, where HTTP + JSON dominate: (b) the bare ASP.NET
/// Core endpoint, the serving runtime behind the same Kestrel, and the full server's <c>POST /v2/models/{name}/infer</c>,
/// measured in alternating rounds so that a change in machine load hits all three alike. A quicker loop than the whole
/// <c>serving</c> scenario, and the process to attach <c>dotnet-trace</c> to (GANTRY_BENCH_SERVING_ROUNDS sets the rounds;
/// GANTRY_BENCH_SERVING_SCALE the requests per round).
/// </summary>
internal static class ServingOverhead
{
    public static async Task RunAsync()
    {
        var scale = double.TryParse(Environment.GetEnvironmentVariable("GANTRY_BENCH_SERVING_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 1;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("GANTRY_BENCH_SERVING_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 3;
        var requests = (int)(20000 * scale);
        // One side only (bare, runtime or server), for a profiler attached to this process: nothing else runs in it.
        var profile = Environment.GetEnvironmentVariable("GANTRY_BENCH_SERVING_PROFILE");
        if (profile is not null)
            rounds = 0;
        var work = Directory.CreateTempSubdirectory("gantry-bench-overhead-").FullName;
        try
        {
            var path = OnnxModels.Write(OnnxModels.Mlp([64, 64, 10], 1), work);
            var row = new float[64];
            for (var i = 0; i < row.Length; i++)
                row[i] = (i % 17 - 8) / 8f;
            var body = ServingBenchmark.RequestBody(row);

            await using var deployment = new ModelDeployment("bench", "1", path, DeploymentSettings.Default, null, TimeProvider.System);
            await deployment.ScaleAsync(1, CancellationToken.None);
            await using var kestrel = await KestrelEndpoints.StartLikeAsync(deployment, body);
            await using var server = await BenchServer.StartAsync(gpus: 0, new Dictionary<string, string?>
            {
                ["Serving:RateLimit:RequestsPerSecond"] = "10000000",
                ["Serving:RateLimit:Burst"] = "10000000",
            });
            using var api = new GantryClient(new Uri(server.App.Address), server.App.BootstrapToken);
            await using (var file = File.OpenRead(path))
                await api.RegisterModelAsync("bench-model", file, "model.onnx");
            var create = new { name = "bench", model = "bench-model", version = 1, replicas = 1, max_batch = 64, max_delay_ms = 2, device = "cpu" };
            using (var created = await server.Client.PostAsync("/api/v1/deployments", BenchServer.Json(create)))
            {
                if (created.StatusCode != HttpStatusCode.Created && created.StatusCode != HttpStatusCode.OK && created.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"creating the deployment answered {(int)created.StatusCode}");
            }

            // The same request on every side: the bare endpoint and the runtime get the bearer header too (and ignore it).
            using var bareClient = ServingLoad.Client(kestrel.Address, server.App.BootstrapToken);
            using var serverClient = ServingLoad.Client(server.App.Address, server.App.BootstrapToken);
            await ServingBenchmark.WaitReadyAsync(serverClient, "bench");
            foreach (var (client, url) in new[] { (bareClient, "/bare"), (bareClient, "/runtime"), (serverClient, "/v2/models/bench/infer") })
                Console.WriteLine($"framing of {url}: {await FramingAsync(client, url, body)}");
            await ServingLoad.PostAsync(bareClient, "/bare", body, 1000, 1);
            await ServingLoad.PostAsync(bareClient, "/runtime", body, 1000, 1);
            await ServingLoad.PostAsync(serverClient, "/v2/models/bench/infer", body, 1000, 1);

            Console.WriteLine();
            Console.WriteLine($"## Serving overhead: digits model, one row per request, {ServingLoad.Clients} concurrent clients, {requests} requests per side per round, {rounds} rounds");
            Console.WriteLine("CPU µs/request and B/request: this process's CPU time and allocations (server and its 64 clients together) over the requests of that side.");
            Console.WriteLine("| round | (b) bare rows/s | CPU µs/req | B/req | runtime behind Kestrel | ratio to (b) | CPU µs/req | B/req | Gantry server | ratio to (b) | CPU µs/req | B/req |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var ratios = new List<double>();
            var cpu = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var bare = await ServingLoad.PostAsync(bareClient, "/bare", body, requests, 1);
                var runtime = await ServingLoad.PostAsync(bareClient, "/runtime", body, requests, 1);
                var gantry = await ServingLoad.PostAsync(serverClient, "/v2/models/bench/infer", body, requests, 1);
                ratios.Add(gantry.RowsPerSecond / bare.RowsPerSecond);
                cpu.Add(gantry.CpuMicrosPerRequest / bare.CpuMicrosPerRequest);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {round} | {bare.RowsPerSecond:0} | {bare.CpuMicrosPerRequest:0.0} | {bare.AllocatedBytesPerRequest:0} | {runtime.RowsPerSecond:0} | {runtime.RowsPerSecond / bare.RowsPerSecond:0.00} × | {runtime.CpuMicrosPerRequest:0.0} | {runtime.AllocatedBytesPerRequest:0} | {gantry.RowsPerSecond:0} | {gantry.RowsPerSecond / bare.RowsPerSecond:0.00} × | {gantry.CpuMicrosPerRequest:0.0} | {gantry.AllocatedBytesPerRequest:0} |"));
            }

            if (profile is not null)
            {
                var (client, url) = profile switch
                {
                    "bare" => (bareClient, "/bare"),
                    "runtime" => (bareClient, "/runtime"),
                    _ => (serverClient, "/v2/models/bench/infer"),
                };
                await ServingLoad.PostAsync(client, url, body, requests, 1);
                Console.WriteLine($"profile: {url} only, warmed up with {requests} requests; measuring {requests} more");
                using var sampler = new AllocationSampler();
                sampler.Start();
                var load = await ServingLoad.PostAsync(client, url, body, requests, 1);
                var sampled = sampler.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"profile: {url} only, {load.RowsPerSecond:0} rows/s, {load.CpuMicrosPerRequest:0.0} CPU µs/request, {load.AllocatedBytesPerRequest:0} B/request"));
                Console.WriteLine("allocations by type (sampled every ~100 KB), bytes per request:");
                foreach (var (type, bytes) in sampled.Take(40))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(double)bytes / requests,8:0.0}  {type}"));
                return;
            }

            ratios.Sort();
            cpu.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Gantry server ÷ (b), median of {rounds} rounds: {ratios[ratios.Count / 2]:0.00} × the throughput, {cpu[cpu.Count / 2]:0.00} × the CPU time per request"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>How an answer is framed on the wire: its Content-Length, or chunked, and its headers.</summary>
    private static async Task<string> FramingAsync(HttpClient client, string url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var framing = response.Headers.TransferEncodingChunked == true ? "chunked" : $"Content-Length {response.Content.Headers.ContentLength}";
        var headers = string.Join(", ", response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)));
        return $"{(int)response.StatusCode}, {framing}, {bytes.Length} B body, headers: {headers}";
    }
}
