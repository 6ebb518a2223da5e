using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Gantry.Client;
using Gantry.Serving;
using Gantry.Serving.Tests;
using Microsoft.ML.OnnxRuntime;

namespace Gantry.Benchmarks.Serving;

/// <summary>
/// Model serving, two models: digits-sized (MLP 64→64→10) and a compute-heavy MLP (1024→2048→2048→1024→10, 8.4 M
/// parameters). One row per request, 64 concurrent clients. Baselines: (a) ONNX Runtime in-process on the same
/// model at its best batch size; (b) a bare ASP.NET Core endpoint moving the same bytes without inference. Gantry:
/// the runtime in-process (ModelDeployment, batching on and off), the runtime behind the same bare Kestrel
/// (codec + batcher + ORT), and the full server (<c>POST /v2/models/{name}/infer</c>) once its deployment routes exist.
/// The HTTP sides run one warm-up load each, then three alternating measured rounds; each reports its median round.
/// GANTRY_BENCH_SERVING_SCALE multiplies the request counts (default 1).
/// </summary>
internal static class ServingBenchmark
{
    /// <summary>Measured rounds of each HTTP side, alternating; each side reports its median round.</summary>
    private const int Rounds = 3;

    public static async Task RunAsync()
    {
        var scale = double.TryParse(Environment.GetEnvironmentVariable("GANTRY_BENCH_SERVING_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 1;
        var work = Directory.CreateTempSubdirectory("gantry-bench-serving-").FullName;
        try
        {
            Console.WriteLine();
            Console.WriteLine($"## Serving: one row per request, {ServingLoad.Clients} concurrent clients, max_batch 64, max_delay 2 ms, 1 replica");
            Console.WriteLine("| model | side | rows/s | p50 / p99 ms | ratio |");
            Console.WriteLine("|---|---|---:|---:|---|");
            await RunModelAsync("digits MLP 64→64→10", OnnxModels.Mlp([64, 64, 10], 1), 64, (int)(20000 * scale), work, tiny: true);
            await RunModelAsync("MLP 1024→2048→2048→1024→10 (8.4 M params)", OnnxModels.Mlp([1024, 2048, 2048, 1024, 10], 1), 1024, (int)(2000 * scale), work, tiny: false);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task RunModelAsync(string label, byte[] model, int width, int requests, string work, bool tiny)
    {
        var path = OnnxModels.Write(model, work);
        var row = new float[width];
        for (var i = 0; i < width; i++)
            row[i] = (i % 17 - 8) / 8f;
        var body = RequestBody(row);

        var ort = InProcessOrt(path, width, tiny ? 2.0 : 4.0);
        var (bestBatch, ortRows) = ort.MaxBy(p => p.Value);
        Print(label, $"(a) ONNX Runtime in-process, best batch ({bestBatch})", ortRows, null, "baseline (a)");
        Print(label, "ONNX Runtime in-process, batch 64 (the most rows 64 one-row clients can queue)", ort[64], null, $"{ort[64] / ortRows:0.00} × (a)");

        var batchedSettings = DeploymentSettings.Default;
        var offSettings = DeploymentSettings.Default with { MaxBatchRows = 1 };
        var batched = await InProcessDeploymentAsync(path, batchedSettings, row, requests);
        var off = await InProcessDeploymentAsync(path, offSettings, row, tiny ? requests : requests / 2);
        Print(label, $"ModelDeployment in-process, batching on (mean batch {batched.MeanBatch:0.0} rows)", batched.Load.RowsPerSecond, batched.Load.Latency, $"{batched.Load.RowsPerSecond / ortRows:0.00} × (a), {batched.Load.RowsPerSecond / off.Load.RowsPerSecond:0.00} × batching off");
        Print(label, "ModelDeployment in-process, batching off", off.Load.RowsPerSecond, off.Load.Latency, $"{off.Load.RowsPerSecond / ortRows:0.00} × (a)");

        await using var deployment = new ModelDeployment("bench", "1", path, batchedSettings, null, TimeProvider.System);
        await deployment.ScaleAsync(1, CancellationToken.None);
        await using var kestrel = await KestrelEndpoints.StartLikeAsync(deployment, body);
        await using var server = await StartServerAsync(path);
        if (server is null)
        {
            Print(label, "Gantry server /v2/models/{name}/infer", double.NaN, "-", "not run: this build has no deployment routes yet");
            return;
        }

        // The same request on every side: the bare endpoint and the runtime get the bearer header too (and ignore it).
        using var client = ServingLoad.Client(kestrel.Address, server.App.BootstrapToken);
        using var serverClient = ServingLoad.Client(server.App.Address, server.App.BootstrapToken);
        var (bare, runtime, on, offHttp) = await HttpSidesAsync(client, serverClient, body, requests, tiny ? requests : requests / 2);
        Print(label, $"(b) bare ASP.NET Core endpoint, {body.Length} B in / {kestrel.BareResponseBytes} B out", bare.RowsPerSecond, bare.Latency, $"baseline (b); {Cpu(bare)}");
        Print(label, "runtime behind the same Kestrel (codec + batcher + ORT)", runtime.RowsPerSecond, runtime.Latency, $"{runtime.RowsPerSecond / bare.RowsPerSecond:0.00} × (b), {runtime.RowsPerSecond / ortRows:0.00} × (a); {Cpu(runtime)}");
        Print(label, "Gantry server /v2/models/{name}/infer, batching on", on.RowsPerSecond, on.Latency,
            $"{on.RowsPerSecond / ortRows:0.00} × (a), {on.RowsPerSecond / bare.RowsPerSecond:0.00} × (b), {on.RowsPerSecond / offHttp.RowsPerSecond:0.00} × batching off; {Cpu(on)}, {on.CpuMicrosPerRequest / bare.CpuMicrosPerRequest:0.00} × (b)'s");
        Print(label, "Gantry server /v2/models/{name}/infer, batching off", offHttp.RowsPerSecond, offHttp.Latency, $"{offHttp.RowsPerSecond / off.Load.RowsPerSecond:0.00} × in-process batching off; {Cpu(offHttp)}");
        await OpenLoopAsync(label, server, body, on, overload: !tiny);
    }

    /// <summary>
    /// The four HTTP sides (bare, runtime behind Kestrel, the server with batching on and off) in <see cref="Rounds"/>
    /// alternating rounds after one warm-up load each, so that JIT tiering is behind every side and a change in
    /// machine load hits all of them alike; each side's median round.
    /// </summary>
    private static async Task<(LoadResult Bare, LoadResult Runtime, LoadResult On, LoadResult Off)> HttpSidesAsync(HttpClient client, HttpClient serverClient, byte[] body, int requests, int offRequests)
    {
        var sides = new (HttpClient Client, string Url, int Requests)[]
        {
            (client, "/bare", requests),
            (client, "/runtime", requests),
            (serverClient, "/v2/models/bench/infer", requests),
            (serverClient, "/v2/models/bench-off/infer", offRequests),
        };
        foreach (var (http, url, count) in sides)
            await ServingLoad.PostAsync(http, url, body, count, 1);
        var results = sides.Select(_ => new List<LoadResult>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < sides.Length; i++)
                results[i].Add(await ServingLoad.PostAsync(sides[i].Client, sides[i].Url, body, sides[i].Requests, 1));
        }

        var medians = results.Select(r => r.OrderBy(l => l.RowsPerSecond).ElementAt(r.Count / 2)).ToArray();
        return (medians[0], medians[1], medians[2], medians[3]);
    }

    /// <summary>Baseline (a): one session, OrtValue inputs, Run in a loop at each batch size: rows/s by batch size.</summary>
    private static Dictionary<int, double> InProcessOrt(string path, int width, double seconds)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        using var runOptions = new RunOptions();
        var rates = new Dictionary<int, double>();
        foreach (var batch in new[] { 1, 16, 64, 256 })
        {
            var x = new float[batch * width];
            for (var i = 0; i < x.Length; i++)
                x[i] = (i % 17 - 8) / 8f;
            using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, width]);
            var runs = 0;
            using (session.Run(runOptions, ["x"], [input], ["y"]))
            {
            }
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < seconds / 4)
            {
                using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
                runs++;
            }
            rates[batch] = runs * batch / watch.Elapsed.TotalSeconds;
        }
        return rates;
    }

    private static async Task<(LoadResult Load, double MeanBatch)> InProcessDeploymentAsync(string path, DeploymentSettings settings, float[] row, int requests)
    {
        var batches = new BatchCounter();
        await using var deployment = new ModelDeployment("bench", "1", path, settings, batches, TimeProvider.System);
        await deployment.ScaleAsync(1, CancellationToken.None);
        var request = new InferRequest(null, [new Tensor("x", TensorType.Fp32, [1, row.Length], row)], null, false);
        async Task Call()
        {
            var outcome = await deployment.InferAsync(request, TimeProvider.System.GetUtcNow().AddSeconds(60), CancellationToken.None);
            if (!outcome.IsOk)
                throw new InvalidOperationException(outcome.Error.Message);
        }
        await ServingLoad.RunAsync(Math.Min(500, requests), 1, Call);
        batches.Reset();
        var load = await ServingLoad.RunAsync(requests, 1, Call);
        return (load, batches.MeanRows);
    }

    private sealed class BatchCounter : IServingObserver
    {
        private long _rows;
        private long _batches;

        public double MeanRows => (double)Interlocked.Read(ref _rows) / Math.Max(1, Interlocked.Read(ref _batches));

        public void Reset()
        {
            Interlocked.Exchange(ref _rows, 0);
            Interlocked.Exchange(ref _batches, 0);
        }

        public void OnBatch(ModelDeployment deployment, int rows, int requests, TimeSpan compute)
        {
            Interlocked.Add(ref _rows, rows);
            Interlocked.Increment(ref _batches);
        }

        public void OnDequeued(ModelDeployment deployment, TimeSpan queueWait, bool expired)
        {
        }
    }

    /// <summary>
    /// The full server: the model registered through the model API, deployments created with
    /// <c>POST /api/v1/deployments</c> (batching on: "bench", off: "bench-off"), both ready; null when this build has no
    /// deployment routes.
    /// </summary>
    private static async Task<BenchServer?> StartServerAsync(string modelPath)
    {
        // The per-token rate limit (1,000 requests/s by default) would cap the load generator: lift it here.
        var server = await BenchServer.StartAsync(gpus: 0, new Dictionary<string, string?>
        {
            ["Serving:RateLimit:RequestsPerSecond"] = "10000000",
            ["Serving:RateLimit:Burst"] = "10000000",
        });
        using var api = new GantryClient(new Uri(server.App.Address), server.App.BootstrapToken);
        await using (var file = File.OpenRead(modelPath))
            await api.RegisterModelAsync("bench-model", file, "model.onnx");
        foreach (var maxBatch in new[] { 64, 1 })
        {
            var name = maxBatch == 1 ? "bench-off" : "bench";
            var create = new { name, model = "bench-model", version = 1, replicas = 1, max_batch = maxBatch, max_delay_ms = 2, device = "cpu" };
            using var created = await server.Client.PostAsync("/api/v1/deployments", BenchServer.Json(create));
            if (created.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                await server.DisposeAsync();
                return null;
            }
            created.EnsureSuccessStatusCode();
            await WaitReadyAsync(server.Client, name);
        }
        return server;
    }

    /// <summary>Open-loop loads on the server: half its measured maximum, and (large model) ten times it into a small queue.</summary>
    private static async Task OpenLoopAsync(string label, BenchServer server, byte[] body, LoadResult on, bool overload)
    {
        using var open = ServingOpenLoop.Client(server.App.Address, server.App.BootstrapToken!);
        var half = await ServingOpenLoop.RunAsync(open, "/v2/models/bench/infer", body, on.RequestsPerSecond / 2, TimeSpan.FromSeconds(5), deadlineMs: null);
        Print(label, $"Gantry server at half its maximum ({half.OfferedRate:0} requests/s offered, open loop, 5 s)", half.OkPerSecond, half.Latency, half.Codes);
        if (!overload)
            return;
        var overloadDeployment = new { name = "bench-overload", model = "bench-model", version = 1, replicas = 1, max_batch = 64, max_delay_ms = 2, max_queue_rows = 256, device = "cpu" };
        using (var created = await server.Client.PostAsync("/api/v1/deployments", BenchServer.Json(overloadDeployment)))
            created.EnsureSuccessStatusCode();
        await WaitReadyAsync(server.Client, "bench-overload");
        var queueBefore = await ServerHistogram.ReadAsync(server.Client, "gantry_inference_queue_seconds", "bench-overload");
        var computeBefore = await ServerHistogram.ReadAsync(server.Client, "gantry_inference_compute_seconds", "bench-overload");
        var flood = await ServingOpenLoop.RunAsync(open, "/v2/models/bench-overload/infer", body, on.RequestsPerSecond * 10, TimeSpan.FromSeconds(3), deadlineMs: 1000);
        var queue = await ServerHistogram.ReadAsync(server.Client, "gantry_inference_queue_seconds", "bench-overload");
        var compute = await ServerHistogram.ReadAsync(server.Client, "gantry_inference_compute_seconds", "bench-overload");
        var alive = await ServingLoad.PostAsync(server.Client, "/v2/models/bench-overload/infer", body, 10, 1);
        Print(label, $"Gantry server at 10 × its maximum ({flood.OfferedRate:0} requests/s offered, 3 s, queue 256 rows, deadline 1 s)", flood.OkPerSecond, flood.Latency,
            $"{flood.Codes}; server-side p99 of admitted requests: queue ≤ {queue.QuantileSince(queueBefore, 0.99) * 1000:0} ms, batch compute ≤ {compute.QuantileSince(computeBefore, 0.99) * 1000:0} ms " +
            $"(client-side latency includes the load generator's own backlog on the same cores); afterwards 10/10 answered (p50 {alive.P50.TotalMilliseconds:0.0} ms)");
    }

    internal static async Task WaitReadyAsync(HttpClient client, string name)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            using var ready = await client.GetAsync($"/v2/models/{name}/ready");
            if (ready.IsSuccessStatusCode)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"deployment {name} was not ready within 2 minutes");
    }

    internal static byte[] RequestBody(float[] row)
    {
        var json = new StringBuilder("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,").Append(row.Length).Append("],\"datatype\":\"FP32\",\"data\":[");
        for (var i = 0; i < row.Length; i++)
            json.Append(i == 0 ? "" : ",").Append(row[i].ToString("R", CultureInfo.InvariantCulture));
        return Encoding.UTF8.GetBytes(json.Append("]}]}").ToString());
    }

    private static string Cpu(LoadResult load) => $"{load.CpuMicrosPerRequest:0.0} CPU µs/request";

    private static void Print(string model, string side, double rows, string? latency, string ratio) =>
        Console.WriteLine($"| {model} | {side} | {(double.IsNaN(rows) ? "-" : rows.ToString("0", CultureInfo.InvariantCulture))} | {latency ?? "-"} | {ratio} |");
}
