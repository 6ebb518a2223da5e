using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Gantry.Core.Jobs;
using Gantry.Server;

namespace Gantry.Benchmarks.Slurm;

/// <summary>
/// Job submission to Slurm: <c>sbatch --wrap true</c> directly against the same trivial job through Gantry (submission
/// API → scheduler → sbatch), on the same Slurm in one run. Throughput: N jobs submitted back to back, until Slurm has
/// accepted all N (squeue lists them). Latency: one job at a time, submit → sbatch accepted, Gantry minus direct.
/// Arrays: an array of N elements as one <c>sbatch --array</c> directly against one Gantry array submission (which
/// Gantry hands to Slurm as one array job), until squeue lists all N tasks; the median of a few alternating rounds.
/// </summary>
internal static class SlurmSubmission
{
    private const int Jobs = 200;
    private const int LatencyRuns = 20;
    private const int ArrayRounds = 3;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    public static async Task RunAsync()
    {
        if (Run("sinfo", "-h").ExitCode != 0)
        {
            Console.WriteLine("\n## Slurm submission: skipped (no Slurm answers; run .ci/start-slurm)");
            return;
        }

        var prefix = "gb" + Guid.NewGuid().ToString("N")[..8];
        var dataDir = Directory.CreateTempSubdirectory("gantry-bench-slurm-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Local:DiscoverGpus"] = "false",
            ["Jobs:SchedulerInterval"] = "00:00:00.050",
            ["Pools:slurm:Kind"] = "slurm",
            ["Pools:slurm:Slurm:Partition"] = "main",   // .ci/start-slurm: node localhost; partition multi adds gnode2
            ["Pools:slurm:Slurm:JobNamePrefix"] = prefix,
            ["Pools:slurm:Slurm:PollInterval"] = "00:00:01",
        };
        await using var app = await GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), config, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(app.Address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.BootstrapToken);

        // Tiny requests, so Gantry admits every job at once and the measure is submission, not the node's size.
        var spec = new JobSpec { Name = "bench", Command = ["/bin/true"], Pool = "slurm", Resources = new ResourceSpec { Cpus = 0.001, Memory = "1Mi" } };
        var output = Path.Combine(dataDir, "direct-%j.out");

        // Warm-up of both paths.
        Run("sbatch", "--parsable", "--job-name=" + prefix + "-warm", "--mem=1M", "-o", output, "--wrap", "true");
        await SubmitAsync(client, spec);

        var directLatency = Stopwatch.StartNew();
        for (var i = 0; i < LatencyRuns; i++)
            Run("sbatch", "--parsable", "--job-name=" + prefix + "-direct", "--mem=1M", "-o", output, "--wrap", "true");
        var directMs = directLatency.Elapsed.TotalMilliseconds / LatencyRuns;

        double gantryMs = 0;
        for (var i = 0; i < LatencyRuns; i++)
        {
            var watch = Stopwatch.StartNew();
            var id = await SubmitAsync(client, spec);
            await WaitUntilAcceptedAsync(prefix, [id]);
            gantryMs += watch.Elapsed.TotalMilliseconds;
        }

        gantryMs /= LatencyRuns;

        var direct = Stopwatch.StartNew();
        for (var i = 0; i < Jobs; i++)
            Run("sbatch", "--parsable", "--job-name=" + prefix + "-direct", "--mem=1M", "-o", output, "--wrap", "true");
        var directRate = Jobs / direct.Elapsed.TotalSeconds;

        var gantry = Stopwatch.StartNew();
        var ids = new List<long>();
        for (var i = 0; i < Jobs; i++)
            ids.Add(await SubmitAsync(client, spec));
        await WaitUntilAcceptedAsync(prefix, ids);
        var gantryRate = Jobs / gantry.Elapsed.TotalSeconds;

        var directArray = new List<double>();
        var gantryArray = new List<double>();
        var arraySpec = spec with { Array = "0-" + (Jobs - 1).ToString(CultureInfo.InvariantCulture) };
        var arrayJobs = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < ArrayRounds; round++)
        {
            var name = prefix + "-direct-array-" + round.ToString(CultureInfo.InvariantCulture);
            var watch = Stopwatch.StartNew();
            Run("sbatch", "--parsable", "--job-name=" + name, "--array=0-" + (Jobs - 1).ToString(CultureInfo.InvariantCulture), "--mem=1M",
                "-o", Path.Combine(dataDir, "direct-%A_%a.out"), "--wrap", "true");
            await WaitUntilTasksAcceptedAsync(name, Jobs);
            directArray.Add(Jobs / watch.Elapsed.TotalSeconds);

            watch.Restart();
            var arrayId = await SubmitAsync(client, arraySpec);
            var tasks = await WaitUntilTasksAcceptedAsync(prefix + "-" + arrayId.ToString(CultureInfo.InvariantCulture), Jobs);
            gantryArray.Add(Jobs / watch.Elapsed.TotalSeconds);
            arrayJobs.UnionWith(tasks);
        }

        var directArrayRate = Median(directArray);
        var gantryArrayRate = Median(gantryArray);

        Console.WriteLine();
        Console.WriteLine($"## Slurm submission (localhost Slurm {SlurmVersion()}, `/bin/true`; throughput {Jobs} jobs back to back, latency {LatencyRuns} jobs one at a time)");
        Console.WriteLine("| path | jobs/s | ratio | ms per job, submit → sbatch accepted |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| `sbatch --parsable --wrap true` directly | {directRate:0.0} | 1.00 | {directMs:0.0} |");
        Console.WriteLine($"| through Gantry (POST /api/v1/jobs → scheduler → sbatch) | {gantryRate:0.0} | {gantryRate / directRate:0.00} | {gantryMs:0.0} |");
        Console.WriteLine($"Gantry's added latency per job: {gantryMs - directMs:0.0} ms (includes polling squeue every {Poll.TotalMilliseconds:0} ms to see the job accepted).");
        Console.WriteLine();
        Console.WriteLine($"### Arrays of {Jobs} elements (median of {ArrayRounds} alternating rounds, until squeue lists every task)");
        Console.WriteLine("| path | jobs/s | ratio |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| `sbatch --array=0-{Jobs - 1} --wrap true` directly | {directArrayRate:0.0} | 1.00 |");
        Console.WriteLine($"| through Gantry (one POST with `array: 0-{Jobs - 1}` → scheduler → one `sbatch --array`) | {gantryArrayRate:0.0} | {gantryArrayRate / directArrayRate:0.00} |");
        Console.WriteLine($"Rounds, jobs/s: direct {string.Join(", ", directArray.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}; " +
            $"Gantry {string.Join(", ", gantryArray.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}. " +
            $"Slurm array jobs Gantry used for {ArrayRounds} arrays: {arrayJobs.Count}. Gantry array vs Gantry one job at a time: {gantryArrayRate / gantryRate:0.0}×.");

        // Every job of this run, direct and through Gantry, still waiting or running: the queue is left as it was found.
        var leftovers = Run("squeue", "-h", "-o", "%F|%j").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith(prefix + "-", StringComparison.Ordinal))
            .Select(parts => parts[0])
            .Distinct()
            .ToArray();
        foreach (var chunk in leftovers.Chunk(500))
            Run("scancel", chunk);
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<long> SubmitAsync(HttpClient client, JobSpec spec)
    {
        var response = await client.PostAsync("/api/v1/jobs", BenchServer.Json(spec));
        response.EnsureSuccessStatusCode();
        var submitted = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Gantry.Core.Api.SubmitResponse>(response.Content, Gantry.Core.GantryJson.Options))!;
        return submitted.JobIds[0];
    }

    /// <summary>Waits until squeue lists a Slurm job for each Gantry job (named PREFIX-ID), in any state.</summary>
    private static async Task WaitUntilAcceptedAsync(string prefix, IReadOnlyCollection<long> ids)
    {
        var wanted = ids.Select(id => prefix + "-" + id.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var listed = Run("squeue", "-h", "-t", "all", "-o", "%j").Stdout.Split('\n', StringSplitOptions.TrimEntries);
            wanted.ExceptWith(listed);
            if (wanted.Count == 0)
                return;
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"{wanted.Count} jobs never reached Slurm, e.g. {wanted.First()}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>Waits until squeue lists <paramref name="count"/> tasks of the array job(s) named <paramref name="name"/>; returns their array job ids.</summary>
    private static async Task<HashSet<string>> WaitUntilTasksAcceptedAsync(string name, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = Run("squeue", "-h", "-r", "-t", "all", "-n", name, "-o", "%F").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length >= count)
                return lines.ToHashSet(StringComparer.Ordinal);
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"only {lines.Length} of {count} tasks of {name} reached Slurm");
            await Task.Delay(Poll);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string SlurmVersion() => Run("sinfo", "-V").Stdout.Trim();

    private static (int ExitCode, string Stdout) Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
