using System.Diagnostics;
using System.Security.Cryptography;
using Gantry.Storage.Blobs;

namespace Gantry.Benchmarks.Data;

/// <summary>
/// Datasets: chunking and hashing speed on one core; push (chunk, encrypt, store on local disk) and pull
/// (verify, decrypt, write) of a ~1 GiB mixed tree against <c>cp -r</c> on the same disk; bytes stored by a
/// re-push after 1% of the bytes changed.
/// </summary>
internal static class DataStoreBenchmark
{
    private const double PushPullTarget = 0.5;
    private const double RepushTarget = 0.05;

    public static async Task RunAsync()
    {
        RunChunking();
        await RunTreeAsync();
        await DataServerBenchmark.RunAsync();
    }

    private static void RunChunking()
    {
        const int size = 512 << 20;
        var data = GC.AllocateUninitializedArray<byte>(size);
        new Random(7).NextBytes(data);
        var chunker = new ContentChunker();
        var cipher = new ChunkCipher(new Keyring([MasterKey.Generate("bench")]));
        var sealBuffer = new byte[cipher.SealedLength(ChunkingOptions.Default.MaxSize)];
        var digest = new byte[32];

        // One warm-up pass each, then the measured pass, on this thread only.
        double Measure(Action<ReadOnlySpan<byte>> perChunk)
        {
            var watch = new Stopwatch();
            for (var pass = 0; pass < 2; pass++)
            {
                watch.Restart();
                for (var offset = 0; offset < size;)
                {
                    var cut = chunker.FindCut(data.AsSpan(offset));
                    perChunk(data.AsSpan(offset, cut));
                    offset += cut;
                }

                watch.Stop();
            }

            return size / watch.Elapsed.TotalSeconds / 1e9;
        }

        var chunks = 0;
        var cutOnly = Measure(_ => chunks++);
        var hashed = Measure(c => SHA256.HashData(c, digest));
        var sealedRate = Measure(c => cipher.Seal(ChunkHash.Compute(c), c, sealBuffer));

        Console.WriteLine();
        Console.WriteLine($"## Data: content-defined chunking on one core (512 MiB of random bytes, {chunks / 2} chunks, mean {size / (chunks / 2.0) / 1048576:0.00} MiB)");
        Console.WriteLine("| stage | GB/s per core |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| find cut points (gear hash) | {cutOnly:0.00} |");
        Console.WriteLine($"| cut + SHA-256 | {hashed:0.00} |");
        Console.WriteLine($"| cut + SHA-256 + AES-256-GCM seal | {sealedRate:0.00} |");
    }

    private static async Task RunTreeAsync()
    {
        var work = Directory.CreateTempSubdirectory("gantry-bench-data-").FullName;
        try
        {
            var tree = DataTree.Generate(Path.Join(work, "tree"), largeFiles: 4, largeFileBytes: 160L << 20, smallFiles: 6000, seed: 1);
            WarmPageCache(tree.Root);

            var cpPush = TimeCp(tree.Root, Path.Join(work, "cp-1"));
            var store = new ChunkStore(new FileSystemBlobStore(Path.Join(work, "store")), new Keyring([MasterKey.Generate("bench")]));
            var reader = new TreeReader();
            var watch = Stopwatch.StartNew();
            var manifest = (await reader.ReadAsync(tree.Root, store, CancellationToken.None)).Value ?? throw new InvalidOperationException("push failed");
            var push = watch.Elapsed;
            var stored = DirectoryBytes(Path.Join(work, "store"));

            var cpPull = TimeCp(tree.Root, Path.Join(work, "cp-2"));
            watch.Restart();
            var pulled = await new TreeWriter(store).WriteAsync(manifest, Path.Join(work, "pulled"), CancellationToken.None);
            var pull = watch.Elapsed;
            if (!pulled.IsOk)
                throw new InvalidOperationException(pulled.Error.Message);
            var check = (await reader.ReadAsync(Path.Join(work, "pulled"), null, CancellationToken.None)).Value;
            if (check?.Hash != manifest.Hash)
                throw new InvalidOperationException("the pulled tree differs from the pushed one");

            var changed = tree.Change(0.01, seed: 2);
            WarmPageCache(tree.Root);
            watch.Restart();
            var second = (await reader.ReadAsync(tree.Root, store, CancellationToken.None)).Value ?? throw new InvalidOperationException("re-push failed");
            var repush = watch.Elapsed;
            var added = DirectoryBytes(Path.Join(work, "store")) - stored;

            Console.WriteLine();
            Console.WriteLine($"## Data: push and pull of {tree.Bytes / 1073741824.0:0.00} GiB in {tree.Files} files (4 × 160 MiB, the rest 1–256 KiB), local disk, AES-256-GCM on");
            Console.WriteLine("| operation | cp -r (s) | gantry (s) | gantry MB/s | ratio cp ÷ gantry | target |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            Row("push: chunk + hash + encrypt + store (fsync each chunk)", cpPush, push, tree.Bytes);
            Row("pull: read + verify + decrypt + write", cpPull, pull, tree.Bytes);
            Console.WriteLine();
            Console.WriteLine("## Data: re-push after changing 1% of the bytes (whole small files; an insert near the start and an overwrite in each large file)");
            Console.WriteLine("| bytes changed | new bytes stored | ÷ dataset size | target | re-push (s) | chunks in manifest |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine($"| {changed / 1048576.0:0.0} MiB | {added / 1048576.0:0.0} MiB | {(double)added / tree.Bytes:P2} | ≤ {RepushTarget:P0} | {repush.TotalSeconds:0.00} | {second.ChunkHashes().Count} |");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Row(string name, TimeSpan cp, TimeSpan gantry, long bytes)
    {
        var ratio = cp.TotalSeconds / gantry.TotalSeconds;
        Console.WriteLine($"| {name} | {cp.TotalSeconds:0.00} | {gantry.TotalSeconds:0.00} | {bytes / gantry.TotalSeconds / 1e6:0} | {ratio:0.00} | ≥ {PushPullTarget:0.0} |");
    }

    private static TimeSpan TimeCp(string source, string destination)
    {
        var watch = Stopwatch.StartNew();
        using var cp = Process.Start(new ProcessStartInfo("cp", ["-r", source, destination])) ?? throw new InvalidOperationException("cp did not start");
        cp.WaitForExit();
        var elapsed = watch.Elapsed;
        if (cp.ExitCode != 0)
            throw new InvalidOperationException($"cp exited {cp.ExitCode}");
        Directory.Delete(destination, recursive: true);
        return elapsed;
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

    private static long DirectoryBytes(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
