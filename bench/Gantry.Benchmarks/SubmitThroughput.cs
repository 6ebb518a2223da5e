using System.Diagnostics;
using Gantry.Core.Jobs;

namespace Gantry.Benchmarks;

/// <summary>
/// Job submissions per second through the HTTP API, one job per request (16 clients at once, and
/// one client) and as arrays of 1,000 tasks. The jobs queue behind a job holding the only GPU, so
/// the scheduler runs its cycles over a growing queue during the measurement, as in real life.
/// </summary>
internal static class SubmitThroughput
{
    private const int OneByOne = 4000;
    private const int Clients = 16;
    private const int Arrays = 20;
    private const int ArraySize = 1000;

    public static async Task RunAsync()
    {
        await using var server = await BenchServer.StartAsync(gpus: 1);
        var blocker = Spec("sleep 3600") with { Resources = new ResourceSpec { Gpus = 1, Cpus = 0.1, Memory = "16Mi" } };
        (await server.Client.PostAsync("/api/v1/jobs", BenchServer.Json(blocker))).EnsureSuccessStatusCode();
        var queued = Spec("true") with { Resources = new ResourceSpec { Gpus = 1, Cpus = 0.1, Memory = "16Mi" } };

        // Warm-up: JIT, connection pool, SQLite pages.
        await SubmitManyAsync(server, queued, 200, Clients);

        var sequential = await SubmitManyAsync(server, queued, 500, 1);
        var concurrent = await SubmitManyAsync(server, queued, OneByOne, Clients);
        var arrays = await SubmitArraysAsync(server, queued);

        Console.WriteLine();
        Console.WriteLine("## Job submission through the HTTP API (SQLite, synchronous=FULL, audited)");
        Console.WriteLine("| scenario | jobs | jobs/s | target | ratio to target |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("one job per request, 1 client", 500, sequential, 500);
        Row($"one job per request, {Clients} clients", OneByOne, concurrent, 500);
        Row($"arrays of {ArraySize}, 1 client", Arrays * ArraySize, arrays, 2000);
    }

    private static void Row(string name, int jobs, double rate, double target) =>
        Console.WriteLine($"| {name} | {jobs} | {rate:0} | {target:0} | {rate / target:0.00} |");

    private static JobSpec Spec(string script) => new() { Name = "bench", Command = JobCommand.FromShell(script) };

    private static async Task<double> SubmitManyAsync(BenchServer server, JobSpec spec, int count, int clients)
    {
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                using var response = await server.Client.PostAsync("/api/v1/jobs", BenchServer.Json(spec));
                response.EnsureSuccessStatusCode();
            }
        }));
        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> SubmitArraysAsync(BenchServer server, JobSpec spec)
    {
        var array = spec with { Array = $"0-{ArraySize - 1}" };
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Arrays; i++)
        {
            using var response = await server.Client.PostAsync("/api/v1/jobs", BenchServer.Json(array));
            response.EnsureSuccessStatusCode();
        }

        return Arrays * ArraySize / watch.Elapsed.TotalSeconds;
    }
}
