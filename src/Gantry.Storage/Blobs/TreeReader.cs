using Gantry.Core;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Turns a local directory into a <see cref="Manifest"/>, cutting every file into chunks and handing each to
/// an <see cref="IChunkSink"/>. Symbolic links to files inside the tree are read as those files; a link that
/// leads outside the tree, to a directory, or nowhere is refused, never followed.
/// </summary>
public sealed class TreeReader
{
    // Dot files count (they are "hidden" to .NET), and an unreadable directory is an error, not a gap.
    private static readonly EnumerationOptions Everything = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private readonly TreeReaderOptions _options;
    private readonly ContentChunker _chunker;

    /// <summary>Creates a reader with the given options (the defaults when null).</summary>
    public TreeReader(TreeReaderOptions? options = null)
    {
        _options = options ?? new TreeReaderOptions();
        _chunker = new ContentChunker(_options.Chunking);
    }

    /// <summary>
    /// Reads the tree under <paramref name="root"/>; with a null <paramref name="sink"/> it only hashes
    /// (a client computing what to offer a server). An unsafe tree is an error value; I/O failures throw.
    /// </summary>
    public async Task<Outcome<Manifest>> ReadAsync(string root, IChunkSink? sink, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(root))
            return GantryError.NotFound($"directory '{root}' does not exist");
        var realRoot = RealPath.Resolve(root);
        if (realRoot is null)
            return GantryError.Invalid($"directory '{root}' is behind a loop of symbolic links");

        var entries = new List<Entry>();
        if (Walk(realRoot, realRoot, entries) is { } problem)
            return problem;

        // Largest first, so the big files do not all start last and leave cores idle at the end.
        var order = Enumerable.Range(0, entries.Count).OrderByDescending(i => entries[i].Length).ToArray();
        var files = new ManifestFile[entries.Count];
        await Parallel.ForEachAsync(
            order,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken },
            async (i, ct) => files[i] = await ReadFileAsync(entries[i], sink, ct));

        var builder = new ManifestBuilder();
        foreach (var file in files)
            builder.Add(file);
        return builder.Build();
    }

    private static GantryError? Walk(string root, string directory, List<Entry> entries)
    {
        foreach (var info in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", Everything))
        {
            var relative = Path.GetRelativePath(root, info.FullName);
            if (ManifestPath.Check(relative) is { } pathProblem)
                return GantryError.Invalid(pathProblem);
            var real = info.FullName;
            if (info.LinkTarget is { } target)
            {
                var resolved = RealPath.Resolve(info.FullName);
                if (resolved is null)
                    return GantryError.Invalid($"symbolic link '{relative}' is part of a loop");
                if (!RealPath.IsWithin(resolved, root))
                    return GantryError.Invalid($"symbolic link '{relative}' points outside the tree (to '{target}'); copy the file in or remove the link");
                if (Directory.Exists(resolved))
                    return GantryError.Invalid($"symbolic link '{relative}' points to a directory; only links to files are read");
                if (!File.Exists(resolved))
                    return GantryError.Invalid($"symbolic link '{relative}' points to '{target}', which does not exist");
                real = resolved;
            }
            else if (info is DirectoryInfo)
            {
                if (Walk(root, info.FullName, entries) is { } problem)
                    return problem;
                continue;
            }

            var file = new FileInfo(real);
            var mode = (int)File.GetUnixFileMode(real) & ManifestBuilder.MaxMode;
            // A FIFO, socket or device reports length 0 and is never opened, so it cannot block the walk.
            entries.Add(new Entry(relative, real, file.Length, mode));
        }

        return null;
    }

    private async Task<ManifestFile> ReadFileAsync(Entry entry, IChunkSink? sink, CancellationToken cancellationToken)
    {
        if (entry.Length == 0)
            return new ManifestFile(entry.Path, 0, entry.Mode, []);
        var chunks = new List<string>();
        long size = 0;
        var options = new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan };
        await using var stream = new FileStream(entry.FullPath, options);
        using var reader = new ChunkReader(stream, _chunker);
        while (true)
        {
            var chunk = await reader.ReadNextAsync(cancellationToken);
            if (chunk.IsEmpty)
                break;
            var hash = ChunkHash.Compute(chunk.Span);
            if (sink is ChunkStore store)
                await store.PutHashedAsync(hash, chunk, cancellationToken);
            else if (sink is not null)
                await sink.PutChunkAsync(hash, chunk, cancellationToken);
            chunks.Add(hash);
            size += chunk.Length;
            _options.Progress?.Report(chunk.Length);
        }

        return new ManifestFile(entry.Path, size, entry.Mode, chunks);
    }

    private sealed record Entry(string Path, string FullPath, long Length, int Mode);
}
