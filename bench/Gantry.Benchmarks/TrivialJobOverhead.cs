using System.Diagnostics;
using System.Net.Http.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;

namespace Gantry.Benchmarks;

/// <summary>
/// End-to-end time of a trivial job (submit → running → succeeded, seen by the client) against
/// starting the same command directly as a child process and waiting for it, one after another.
/// </summary>
internal static class TrivialJobOverhead
{
    private const int Runs = 30;
    private static readonly string[] Command = ["/bin/true"];

    public static async Task RunAsync()
    {
        await using var server = await BenchServer.StartAsync(gpus: 0);
        var spec = new JobSpec { Name = "trivial", Command = Command, Resources = new ResourceSpec { Cpus = 0.1, Memory = "16Mi" } };
        await ThroughGantryAsync(server, spec);
        await DirectAsync();

        var direct = await DirectAsync();
        var gantry = await ThroughGantryAsync(server, spec);

        Console.WriteLine();
        Console.WriteLine($"## Trivial job end to end (`/bin/true`, {Runs} runs one after another)");
        Console.WriteLine("| path | mean ms per job | ratio to direct |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| direct child process (Process.Start + wait) | {direct:0.0} | 1.00 |");
        Console.WriteLine($"| through Gantry (POST, then long-poll wait until succeeded) | {gantry:0.0} | {gantry / direct:0.0} |");
    }

    private static async Task<double> DirectAsync()
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            using var process = Process.Start(new ProcessStartInfo(Command[0]) { UseShellExecute = false })!;
            await process.WaitForExitAsync();
        }

        return watch.Elapsed.TotalMilliseconds / Runs;
    }

    private static async Task<double> ThroughGantryAsync(BenchServer server, JobSpec spec)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            var response = await server.Client.PostAsync("/api/v1/jobs", BenchServer.Json(spec));
            var submitted = (await response.Content.ReadFromJsonAsync<SubmitResponse>(GantryJson.Options))!;
            while (true)
            {
                var job = (await server.Client.GetFromJsonAsync<JobView>($"/api/v1/jobs/{submitted.JobIds[0]}/wait?timeout=30s", GantryJson.Options))!;
                if (job.State.IsFinal())
                {
                    if (job.State != JobState.Succeeded)
                        throw new InvalidOperationException($"job {job.Id} ended {job.State}: {job.Reason}");
                    break;
                }
            }
        }

        return watch.Elapsed.TotalMilliseconds / Runs;
    }
}
