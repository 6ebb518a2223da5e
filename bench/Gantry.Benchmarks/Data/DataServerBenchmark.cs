using System.Diagnostics;
using System.Globalization;
using Gantry.Cli.Commands.Data;
using Gantry.Client;
using Gantry.Core.Api.Data;

namespace Gantry.Benchmarks.Data;

/// <summary>
/// Datasets end to end: <c>gantry dataset push</c> and <c>pull</c> of a mixed tree (~2 GB: a few large files, many
/// small ones) through a real server over loopback HTTP, encryption on, blobs on the same local disk, against
/// <c>cp -r</c> of the same tree; then a re-push after changing 1% of the bytes, counting the bytes sent. The size
/// is GANTRY_BENCH_DATA_GB (default 2).
/// </summary>
internal static class DataServerBenchmark
{
    private const double PushPullTarget = 0.5;
    private const double RepushTarget = 0.05;

    public static async Task RunAsync()
    {
        var gigabytes = double.TryParse(Environment.GetEnvironmentVariable("GANTRY_BENCH_DATA_GB"), NumberStyles.Float, CultureInfo.InvariantCulture, out var gb) ? gb : 2;
        var work = Directory.CreateTempSubdirectory("gantry-bench-dataserver-").FullName;
        try
        {
            // Two thirds in 6 large files, a third in small files of 1-256 KiB (mean ~46 KiB).
            var largeBytes = (long)(gigabytes * (2.0 / 3) * 1e9 / 6);
            var smallFiles = (int)(gigabytes * (1.0 / 3) * 1e9 / 46_000);
            var tree = DataTree.Generate(Path.Join(work, "tree"), largeFiles: 6, largeFileBytes: largeBytes, smallFiles: smallFiles, seed: 11);
            await using var server = await BenchServer.StartAsync(gpus: 0);
            using var client = new GantryClient(new Uri(server.App.Address), server.App.BootstrapToken);
            await client.CreateDatasetAsync(new CreateDatasetRequest("bench"));
            var transfer = new DatasetTransfer(client) { Parallelism = 8 };

            // Every phase starts from the same state: the tree in the page cache, nothing dirty waiting to be written.
            WarmPageCache(tree.Root);
            var (cpPush, cpPushSynced) = TimeCp(tree.Root, Path.Join(work, "cp-1"));
            Sync();
            var watch = Stopwatch.StartNew();
            var pushed = await transfer.PushAsync("bench", tree.Root, CancellationToken.None);
            var push = watch.Elapsed;

            var (cpPull, cpPullSynced) = TimeCp(tree.Root, Path.Join(work, "cp-2"));
            Sync();
            watch.Restart();
            var pulled = await transfer.PullAsync("bench", 1, Path.Join(work, "pulled"), CancellationToken.None);
            var pull = watch.Elapsed;
            if (pulled.SizeBytes != tree.Bytes || pulled.Files != tree.Files)
                throw new InvalidOperationException("the pulled tree differs from the pushed one");
            Directory.Delete(pulled.Directory, recursive: true);

            var changed = tree.Change(0.01, seed: 12);
            WarmPageCache(tree.Root);
            Sync();
            watch.Restart();
            var repushed = await transfer.PushAsync("bench", tree.Root, CancellationToken.None);
            var repush = watch.Elapsed;

            Console.WriteLine();
            Console.WriteLine($"## Data through the server: push and pull of {tree.Bytes / 1e9:0.00} GB in {tree.Files} files (6 × {largeBytes / 1e6:0} MB, the rest 1–256 KiB), loopback HTTP, AES-256-GCM on, blobs on local disk");
            Console.WriteLine("| operation | cp -r (s) | cp -r; sync (s) | gantry (s) | gantry MB/s | ratio cp ÷ gantry | ratio (cp; sync) ÷ gantry | target |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Row($"`gantry dataset push` (hash, {pushed.ChunksSent} chunks over HTTP, server re-hash + encrypt + fsync each)", cpPush, cpPushSynced, push, tree.Bytes);
            Row("`gantry dataset pull` (HTTP, server decrypt + verify, client verify + write)", cpPull, cpPullSynced, pull, tree.Bytes);
            Console.WriteLine("cp -r leaves its copy in the page cache; a push is on disk (fsync per chunk) when it returns, hence the column with sync.");
            Console.WriteLine();
            Console.WriteLine("## Data through the server: re-push after changing 1% of the bytes");
            Console.WriteLine("| bytes changed | bytes sent | sent ÷ dataset size | target | chunks sent / in manifest | re-push (s) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine($"| {changed / 1e6:0.0} MB | {repushed.BytesSent / 1e6:0.0} MB | {(double)repushed.BytesSent / tree.Bytes:P2} | ≤ {RepushTarget:P0} | {repushed.ChunksSent} / {repushed.Chunks} | {repush.TotalSeconds:0.00} |");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Row(string name, TimeSpan cp, TimeSpan cpSynced, TimeSpan gantry, long bytes)
    {
        Console.WriteLine(
            $"| {name} | {cp.TotalSeconds:0.00} | {cpSynced.TotalSeconds:0.00} | {gantry.TotalSeconds:0.00} | {bytes / gantry.TotalSeconds / 1e6:0} "
            + $"| {cp.TotalSeconds / gantry.TotalSeconds:0.00} | {cpSynced.TotalSeconds / gantry.TotalSeconds:0.00} | ≥ {PushPullTarget:0.0} |");
    }

    // cp -r, then sync: the time to a copy in the page cache, and to a copy on disk.
    private static (TimeSpan Copied, TimeSpan Synced) TimeCp(string source, string destination)
    {
        Sync();
        var watch = Stopwatch.StartNew();
        using (var cp = Process.Start(new ProcessStartInfo("cp", ["-r", source, destination])) ?? throw new InvalidOperationException("cp did not start"))
        {
            cp.WaitForExit();
            if (cp.ExitCode != 0)
                throw new InvalidOperationException($"cp exited {cp.ExitCode}");
        }

        var copied = watch.Elapsed;
        Sync();
        var synced = watch.Elapsed;
        Directory.Delete(destination, recursive: true);
        return (copied, synced);
    }

    private static void Sync()
    {
        using var sync = Process.Start(new ProcessStartInfo("sync")) ?? throw new InvalidOperationException("sync did not start");
        sync.WaitForExit();
    }

    // Both sides read from the page cache, so neither pays for the first read from disk.
    private static void WarmPageCache(string root)
    {
        var buffer = new byte[1 << 20];
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(file);
            while (stream.Read(buffer) > 0)
            {
            }
        }
    }
}
