namespace Gantry.Benchmarks.Data;

/// <summary>A generated tree of mixed files under /tmp: many small ones (1 KiB–256 KiB) and a few large ones.</summary>
internal sealed class DataTree
{
    private DataTree(string root, long bytes, int files)
    {
        Root = root;
        Bytes = bytes;
        Files = files;
    }

    public string Root { get; }

    public long Bytes { get; }

    public int Files { get; }

    public static DataTree Generate(string root, int largeFiles, long largeFileBytes, int smallFiles, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[4 << 20];
        long total = 0;
        Directory.CreateDirectory(root);
        for (var i = 0; i < largeFiles; i++)
        {
            using var stream = File.Create(Path.Join(root, $"model-{i}.bin"));
            for (long written = 0; written < largeFileBytes; written += buffer.Length)
            {
                random.NextBytes(buffer);
                stream.Write(buffer, 0, (int)Math.Min(buffer.Length, largeFileBytes - written));
            }

            total += largeFileBytes;
        }

        for (var i = 0; i < smallFiles; i++)
        {
            var dir = Path.Join(root, "shards", $"{i % 16:x2}", $"{i / 16 % 8}");
            Directory.CreateDirectory(dir);
            // Log-uniform sizes: most files are small, a few reach 256 KiB.
            var size = (int)Math.Pow(2, 10 + (random.NextDouble() * 8));
            var bytes = buffer.AsSpan(0, size);
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Join(dir, $"part-{i:D5}.dat"), bytes);
            total += size;
        }

        return new DataTree(root, total, largeFiles + smallFiles);
    }

    /// <summary>
    /// Changes about <paramref name="fraction"/> of the bytes as users do: rewrites some small files whole,
    /// and in each large file inserts a few bytes near the start (shifting the rest) and overwrites a region.
    /// Returns the bytes changed.
    /// </summary>
    public long Change(double fraction, int seed)
    {
        var random = new Random(seed);
        var budget = (long)(Bytes * fraction);
        long changed = 0;
        var small = Directory.EnumerateFiles(Path.Join(Root, "shards"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var large = Directory.EnumerateFiles(Root, "model-*.bin").Order(StringComparer.Ordinal).ToList();

        // A tenth of the budget goes to whole small files.
        foreach (var file in small.OrderBy(_ => random.Next()))
        {
            if (changed >= budget / 10)
                break;
            var bytes = File.ReadAllBytes(file);
            random.NextBytes(bytes);
            File.WriteAllBytes(file, bytes);
            changed += bytes.Length;
        }

        var perLarge = (budget - changed) / Math.Max(1, large.Count);
        foreach (var file in large)
        {
            var insert = new byte[4096];
            random.NextBytes(insert);
            var region = new byte[perLarge - insert.Length];
            random.NextBytes(region);
            var original = File.ReadAllBytes(file);
            var at = original.Length / 2;
            using var stream = File.Create(file);
            stream.Write(original, 0, 1 << 20);
            stream.Write(insert);
            stream.Write(original, 1 << 20, at - (1 << 20));
            stream.Write(region);
            stream.Write(original, at + region.Length, original.Length - at - region.Length);
            changed += insert.Length + region.Length;
        }

        return changed;
    }
}
