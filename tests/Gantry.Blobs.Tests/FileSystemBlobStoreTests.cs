using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(_dir.Join("store")));

    protected override Task<IReadOnlyList<byte[]>> RawContentsAsync(IBlobStore store) =>
        Task.FromResult<IReadOnlyList<byte[]>>(
            [.. Directory.EnumerateFiles(((FileSystemBlobStore)store).Root, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes)]);

    [Fact]
    public async Task Keys_AreFannedOutIntoTwoDirectoryLevels()
    {
        var store = new FileSystemBlobStore(_dir.Join("store"));
        await store.PutAsync("chunks/abcdef0123", new byte[] { 1 }, Ct);
        Assert.True(File.Exists(Path.Join(store.Root, "chunks", "ab", "cd", "abcdef0123")));
    }

    [Fact]
    public async Task Writes_LeaveNoTemporaryFiles()
    {
        var store = new FileSystemBlobStore(_dir.Join("store"));
        for (var i = 0; i < 10; i++)
            await store.PutIfAbsentAsync($"chunks/item{i:D4}", new byte[] { 1, 2 }, Ct);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(store.Root, ".tmp")));
    }

    [Fact]
    public async Task AHalfWrittenTemporaryFile_IsNeverListedOrRead()
    {
        // What a crash mid-write leaves: a partial file in .tmp, never under the final name.
        var store = new FileSystemBlobStore(_dir.Join("store"));
        await File.WriteAllBytesAsync(Path.Join(store.Root, ".tmp", "0123456789.part"), [1, 2, 3], Ct);
        await foreach (var key in store.ListAsync("", Ct))
            Assert.Fail($"listed {key}");
    }
}
