using System.Text;
using Gantry.Core;
using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

public sealed class TreeTests : IDisposable
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("TREE-PLAINTEXT-MARKER-19c2");
    private readonly TempDirectory _dir = new();
    private readonly TreeReader _reader = new(new TreeReaderOptions { Chunking = TestData.SmallChunks });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Tree_RoundTrips_ManySmallAndAFewLargeFiles()
    {
        var source = MakeTree("source");
        var store = NewStore();
        var manifest = (await _reader.ReadAsync(source, store, Ct)).Value!;
        Assert.Equal(303, manifest.Files.Count);

        var pulled = _dir.Join("pulled");
        var written = await new TreeWriter(store).WriteAsync(manifest, pulled, Ct);
        Assert.True(written.IsOk);
        Assert.Equal(manifest.TotalSize, written.Value);
        AssertSameTree(source, pulled);
        Assert.Equal(manifest, (await _reader.ReadAsync(pulled, null, Ct)).Value);
    }

    [Fact]
    public async Task IdenticalContent_IsStoredOnce()
    {
        var source = Directory.CreateDirectory(_dir.Join("dup")).FullName;
        var data = TestData.Random(200_000, seed: 11);
        await File.WriteAllBytesAsync(Path.Join(source, "a.bin"), data, Ct);
        await File.WriteAllBytesAsync(Path.Join(source, "b.bin"), data, Ct);
        var store = NewStore();
        var manifest = (await _reader.ReadAsync(source, store, Ct)).Value!;
        Assert.Equal(manifest.Files[0].Chunks, manifest.Files[1].Chunks);
        var stored = new List<string>();
        await foreach (var hash in store.ListChunksAsync(Ct))
            stored.Add(hash);
        Assert.Equal(manifest.ChunkHashes().Order(), stored.Order());
    }

    [Fact]
    public async Task StoredTree_HoldsNoPlaintext()
    {
        var source = MakeTree("source");
        var store = NewStore();
        await _reader.ReadAsync(source, store, Ct);
        var root = ((FileSystemBlobStore)store.Blobs).Root;
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
            Assert.Equal(-1, (await File.ReadAllBytesAsync(file, Ct)).AsSpan().IndexOf(Marker));
    }

    [Fact]
    public async Task SymlinkOutOfTheTree_IsRefused()
    {
        var source = Directory.CreateDirectory(_dir.Join("tree")).FullName;
        var outside = _dir.Join("secret.txt");
        await File.WriteAllTextAsync(outside, "secret", Ct);
        await File.WriteAllTextAsync(Path.Join(source, "ok.txt"), "ok", Ct);
        File.CreateSymbolicLink(Path.Join(source, "escape"), "../secret.txt");
        var result = await _reader.ReadAsync(source, NewStore(), Ct);
        Assert.False(result.IsOk);
        Assert.Contains("outside the tree", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymlinkThroughALinkedDirectory_OutOfTheTree_IsRefused()
    {
        var source = Directory.CreateDirectory(_dir.Join("tree")).FullName;
        Directory.CreateDirectory(_dir.Join("elsewhere"));
        await File.WriteAllTextAsync(_dir.Join("elsewhere", "f"), "secret", Ct);
        Directory.CreateSymbolicLink(Path.Join(source, "d"), _dir.Join("elsewhere"));
        File.CreateSymbolicLink(Path.Join(source, "f"), "d/f");
        var result = await _reader.ReadAsync(source, null, Ct);
        Assert.False(result.IsOk);
        Assert.Contains("outside the tree", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SymlinkToAFileInsideTheTree_IsReadAsThatFile()
    {
        var source = Directory.CreateDirectory(_dir.Join("tree")).FullName;
        Directory.CreateDirectory(Path.Join(source, "blobs"));
        await File.WriteAllTextAsync(Path.Join(source, "blobs", "real"), "content", Ct);
        File.CreateSymbolicLink(Path.Join(source, "link"), "blobs/real");
        var manifest = (await _reader.ReadAsync(source, null, Ct)).Value!;
        Assert.Equal(manifest.Files.Single(f => f.Path == "link").Chunks, manifest.Files.Single(f => f.Path == "blobs/real").Chunks);
    }

    [Fact]
    public async Task SymlinkToADirectory_OrNowhere_IsRefused()
    {
        var source = Directory.CreateDirectory(_dir.Join("tree")).FullName;
        Directory.CreateDirectory(Path.Join(source, "sub"));
        Directory.CreateSymbolicLink(Path.Join(source, "loop"), ".");
        Assert.False((await _reader.ReadAsync(source, null, Ct)).IsOk);
        File.Delete(Path.Join(source, "loop"));
        File.CreateSymbolicLink(Path.Join(source, "dangling"), "nothing-here");
        Assert.Contains("does not exist", (await _reader.ReadAsync(source, null, Ct)).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileNameWithAControlCharacter_IsRefused()
    {
        var source = Directory.CreateDirectory(_dir.Join("tree")).FullName;
        await File.WriteAllTextAsync(Path.Join(source, "bad\nname"), "x", Ct);
        var result = await _reader.ReadAsync(source, null, Ct);
        Assert.Contains("control character", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotFiles_AndEmptyFiles_AreIncluded()
    {
        var source = Directory.CreateDirectory(_dir.Join("tree")).FullName;
        await File.WriteAllTextAsync(Path.Join(source, ".env"), "A=1", Ct);
        await File.WriteAllBytesAsync(Path.Join(source, "empty"), [], Ct);
        var manifest = (await _reader.ReadAsync(source, null, Ct)).Value!;
        Assert.Equal([".env", "empty"], manifest.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task PullThatFailsMidway_LeavesNothingBehind()
    {
        var source = MakeTree("source");
        var store = NewStore();
        var manifest = (await _reader.ReadAsync(source, store, Ct)).Value!;
        // Remove a chunk that only a small file (written late: largest files go first) uses.
        var shared = manifest.Files.Where(f => f.Size > 100_000).SelectMany(f => f.Chunks).ToHashSet();
        var victim = manifest.Files.Last(f => f.Size > 0 && !f.Chunks.Any(shared.Contains)).Chunks[0];
        await store.DeleteChunkAsync(victim, Ct);

        var pulled = _dir.Join("pulled");
        var error = await Assert.ThrowsAsync<ChunkMissingException>(() => new TreeWriter(store).WriteAsync(manifest, pulled, Ct));
        Assert.Equal(victim, error.Hash);
        Assert.Equal([Path.Join(_dir.Path, "source"), Path.Join(_dir.Path, "store")], Directory.EnumerateFileSystemEntries(_dir.Path).Order());
    }

    [Fact]
    public async Task PullOfACorruptedChunk_FailsAndLeavesNothingBehind()
    {
        var source = MakeTree("source");
        var store = NewStore();
        var manifest = (await _reader.ReadAsync(source, store, Ct)).Value!;
        var victim = manifest.Files[^1].Chunks[0];
        var raw = (await store.Blobs.GetAsync(ChunkStore.KeyOf(victim), Ct))!;
        raw[^1] ^= 1;
        await store.Blobs.PutAsync(ChunkStore.KeyOf(victim), raw, Ct);

        await Assert.ThrowsAsync<ChunkCorruptedException>(() => new TreeWriter(store).WriteAsync(manifest, _dir.Join("pulled"), Ct));
        Assert.False(Directory.Exists(_dir.Join("pulled")));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(_dir.Path).Count());
    }

    [Fact]
    public async Task SourceThatReturnsWrongBytes_IsCaught()
    {
        var source = MakeTree("source");
        var manifest = (await _reader.ReadAsync(source, null, Ct)).Value!;
        await Assert.ThrowsAsync<ChunkCorruptedException>(() => new TreeWriter(new LyingSource()).WriteAsync(manifest, _dir.Join("pulled"), Ct));
        Assert.False(Directory.Exists(_dir.Join("pulled")));
    }

    [Fact]
    public async Task PullIntoAnExistingDirectory_IsRefused()
    {
        var manifest = new ManifestBuilder().Build().Value!;
        Directory.CreateDirectory(_dir.Join("exists"));
        var result = await new TreeWriter(NewStore()).WriteAsync(manifest, _dir.Join("exists"), Ct);
        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
    }

    private ChunkStore NewStore() => new(new FileSystemBlobStore(_dir.Join("store")), TestData.Keyring());

    // 300 small files (0-8 KiB, a few with the marker) in nested directories, plus 3 large ones.
    private string MakeTree(string name)
    {
        var root = Directory.CreateDirectory(_dir.Join(name)).FullName;
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var dir = Directory.CreateDirectory(Path.Join(root, $"d{i % 7}", $"e{i % 3}")).FullName;
            var bytes = new byte[random.Next(0, 8192)];
            random.NextBytes(bytes);
            if (i % 50 == 0)
                bytes = [.. Marker, .. bytes];
            File.WriteAllBytes(Path.Join(dir, $"f{i}.dat"), bytes);
            if (i % 10 == 0)
                File.SetUnixFileMode(Path.Join(dir, $"f{i}.dat"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }

        for (var i = 0; i < 3; i++)
            File.WriteAllBytes(Path.Join(root, $"large{i}.bin"), [.. Marker, .. TestData.Random(600_000 + i, 1000 + i)]);
        return root;
    }

    private static void AssertSameTree(string expected, string actual)
    {
        var expectedFiles = Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order().ToList();
        var actualFiles = Directory.EnumerateFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order().ToList();
        Assert.Equal(expectedFiles, actualFiles);
        foreach (var file in expectedFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Join(expected, file)), File.ReadAllBytes(Path.Join(actual, file)));
            Assert.Equal(File.GetUnixFileMode(Path.Join(expected, file)), File.GetUnixFileMode(Path.Join(actual, file)));
        }
    }

    private sealed class LyingSource : IChunkSource
    {
        public Task<byte[]> GetChunkAsync(string hash, CancellationToken cancellationToken = default) => Task.FromResult("not it"u8.ToArray());
    }
}
