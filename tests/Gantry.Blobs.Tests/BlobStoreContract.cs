using System.Text;
using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

/// <summary>The one suite every blob backend passes: the blob store itself, then a chunk store on top of it.</summary>
public abstract class BlobStoreContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty store (skips the test when the backend is not available).</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    /// <summary>Every byte the backend holds, read behind the store's back (files on disk, objects in the bucket).</summary>
    protected abstract Task<IReadOnlyList<byte[]>> RawContentsAsync(IBlobStore store);

    [Fact]
    public async Task PutIfAbsent_WritesOnce_AndKeepsTheFirstContent()
    {
        var store = await CreateStoreAsync();
        Assert.True(await store.PutIfAbsentAsync("chunks/abcdef", "first"u8.ToArray(), Ct));
        Assert.False(await store.PutIfAbsentAsync("chunks/abcdef", "second"u8.ToArray(), Ct));
        Assert.Equal("first"u8.ToArray(), await store.GetAsync("chunks/abcdef", Ct));
    }

    [Fact]
    public async Task Put_Replaces()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("a/b/name", "one"u8.ToArray(), Ct);
        await store.PutAsync("a/b/name", "two"u8.ToArray(), Ct);
        Assert.Equal("two"u8.ToArray(), await store.GetAsync("a/b/name", Ct));
    }

    [Fact]
    public async Task MissingKey_ReadsAsNull_AndDoesNotExist()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync("chunks/nothing", Ct));
        Assert.False(await store.ExistsAsync("chunks/nothing", Ct));
        Assert.False(await store.DeleteAsync("chunks/nothing", Ct));
    }

    [Fact]
    public async Task Delete_RemovesTheKey()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("x/item", new byte[] { 1, 2, 3 }, Ct);
        Assert.True(await store.ExistsAsync("x/item", Ct));
        Assert.True(await store.DeleteAsync("x/item", Ct));
        Assert.False(await store.ExistsAsync("x/item", Ct));
    }

    [Fact]
    public async Task EmptyAndLargeBlobs_RoundTrip()
    {
        var store = await CreateStoreAsync();
        var large = TestData.Random(5 << 20, seed: 9);
        await store.PutAsync("x/empty", Array.Empty<byte>(), Ct);
        await store.PutAsync("x/large", large, Ct);
        Assert.Empty((await store.GetAsync("x/empty", Ct))!);
        Assert.Equal(large, await store.GetAsync("x/large", Ct));
    }

    [Fact]
    public async Task List_ReturnsTheKeysUnderAPrefix()
    {
        var store = await CreateStoreAsync();
        string[] keys = ["chunks/aaaa1", "chunks/aaab2", "chunks/bbbb3", "manifests/aaaa4", "deep/er/path/cccc5"];
        foreach (var key in keys)
            await store.PutAsync(key, Encoding.ASCII.GetBytes(key), Ct);
        Assert.Equal(keys.Order(), (await ListAsync(store, "")).Order());
        Assert.Equal(["chunks/aaaa1", "chunks/aaab2", "chunks/bbbb3"], (await ListAsync(store, "chunks/")).Order());
        Assert.Equal(["chunks/aaaa1", "chunks/aaab2"], (await ListAsync(store, "chunks/aaa")).Order());
        Assert.Equal(["deep/er/path/cccc5"], await ListAsync(store, "deep/"));
        Assert.Empty(await ListAsync(store, "none/"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("chunks/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("chunks/.hidden")]
    [InlineData("chunks//double")]
    [InlineData("chunks/with space")]
    [InlineData("chunks/abc")]
    [InlineData("")]
    [InlineData("chunks/nul\0byte")]
    public async Task UnsafeKeys_AreRefused(string key)
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutIfAbsentAsync(key, new byte[] { 1 }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(key, Ct));
    }

    /// <summary>
    /// Whether the store's server decides concurrent conditional writes one at a time. A file system (link(2)) and S3 do;
    /// moto, the S3 test server, checks and then writes without a lock, so two racing writers can both be told they won.
    /// </summary>
    protected virtual bool SerializesConcurrentPuts => true;

    [Fact]
    public async Task ConcurrentPutIfAbsent_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < 10; round++)
        {
            var key = $"race/winner{round:D2}";
            var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => store.PutIfAbsentAsync(key, new[] { (byte)i }, Ct))));
            if (SerializesConcurrentPuts)
                Assert.Single(results, r => r);
            else
                Assert.Contains(results, r => r);
            var stored = Assert.Single((await store.GetAsync(key, Ct))!);
            Assert.True(results[stored], "the stored bytes are a winner's");
            Assert.False(await store.PutIfAbsentAsync(key, new byte[] { 99 }, Ct));
        }
    }

    [Fact]
    public async Task ChunkStore_RoundTrips_AndDeduplicates()
    {
        var chunks = new ChunkStore(await CreateStoreAsync(), TestData.Keyring());
        var data = TestData.Random(100_000, seed: 5);
        var hash = ChunkHash.Compute(data);
        Assert.Equal(ChunkPutStatus.Stored, await chunks.PutChunkAsync(hash, data, Ct));
        Assert.Equal(ChunkPutStatus.AlreadyPresent, await chunks.PutChunkAsync(hash, data, Ct));
        Assert.Equal(data, await chunks.GetChunkAsync(hash, Ct));
        Assert.Equal([hash], await ToListAsync(chunks.ListChunksAsync(Ct)));
    }

    [Fact]
    public async Task ChunkStore_RefusesBytesThatDoNotMatchTheirAddress()
    {
        var chunks = new ChunkStore(await CreateStoreAsync(), TestData.Keyring());
        var hash = ChunkHash.Compute("real"u8);
        Assert.Equal(ChunkPutStatus.HashMismatch, await chunks.PutChunkAsync(hash, "fake"u8.ToArray(), Ct));
        Assert.False(await chunks.HasChunkAsync(hash, Ct));
    }

    [Fact]
    public async Task ChunkStore_FindMissing_NamesOnlyTheAbsent()
    {
        var chunks = new ChunkStore(await CreateStoreAsync(), TestData.Keyring());
        var present = ChunkHash.Compute("present"u8);
        var absent = ChunkHash.Compute("absent"u8);
        await chunks.PutChunkAsync(present, "present"u8.ToArray(), Ct);
        Assert.Equal([absent], await chunks.FindMissingChunksAsync([present, absent, absent], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => chunks.FindMissingChunksAsync(["../../etc/passwd"], Ct));
    }

    [Fact]
    public async Task ChunkStore_MissingChunk_IsAClearError()
    {
        var chunks = new ChunkStore(await CreateStoreAsync(), TestData.Keyring());
        var hash = ChunkHash.Compute("never stored"u8);
        var error = await Assert.ThrowsAsync<ChunkMissingException>(() => chunks.GetChunkAsync(hash, Ct));
        Assert.Equal(hash, error.Hash);
    }

    [Fact]
    public async Task ChunkStore_CorruptedBlob_IsDetected()
    {
        var store = await CreateStoreAsync();
        var chunks = new ChunkStore(store, TestData.Keyring());
        var data = TestData.Random(10_000, seed: 6);
        var hash = ChunkHash.Compute(data);
        await chunks.PutChunkAsync(hash, data, Ct);
        var raw = (await store.GetAsync(ChunkStore.KeyOf(hash), Ct))!;
        raw[raw.Length / 2] ^= 0xFF;
        await store.PutAsync(ChunkStore.KeyOf(hash), raw, Ct);
        var error = await Assert.ThrowsAsync<ChunkCorruptedException>(() => chunks.GetChunkAsync(hash, Ct));
        Assert.Equal(hash, error.Hash);
    }

    [Fact]
    public async Task ChunkStore_ChunkSwappedUnderAnotherAddress_IsDetected()
    {
        var store = await CreateStoreAsync();
        var chunks = new ChunkStore(store, TestData.Keyring());
        var a = "chunk a"u8.ToArray();
        var b = "chunk b"u8.ToArray();
        await chunks.PutChunkAsync(ChunkHash.Compute(a), a, Ct);
        await chunks.PutChunkAsync(ChunkHash.Compute(b), b, Ct);
        await store.PutAsync(ChunkStore.KeyOf(ChunkHash.Compute(b)), (await store.GetAsync(ChunkStore.KeyOf(ChunkHash.Compute(a)), Ct))!, Ct);
        await Assert.ThrowsAsync<ChunkCorruptedException>(() => chunks.GetChunkAsync(ChunkHash.Compute(b), Ct));
    }

    [Fact]
    public async Task ChunkStore_LeavesNoPlaintextInTheBackend()
    {
        var store = await CreateStoreAsync();
        var chunks = new ChunkStore(store, TestData.Keyring());
        var marker = Encoding.ASCII.GetBytes("GANTRY-PLAINTEXT-MARKER-7f3a");
        var data = Enumerable.Range(0, 50).SelectMany(i => marker.Concat(TestData.Random(100, i))).ToArray();
        await chunks.PutChunkAsync(ChunkHash.Compute(data), data, Ct);
        var raw = await RawContentsAsync(store);
        Assert.NotEmpty(raw);
        Assert.All(raw, blob => Assert.Equal(-1, blob.AsSpan().IndexOf(marker)));
    }

    [Fact]
    public async Task ChunkStore_Rewrap_MovesEveryChunkToTheNewKey()
    {
        var store = await CreateStoreAsync();
        var oldKey = MasterKey.Generate("old");
        var newKey = MasterKey.Generate("new");
        var before = new ChunkStore(store, new Keyring([oldKey]));
        var data = Enumerable.Range(0, 5).Select(i => TestData.Random(3000, 100 + i)).ToArray();
        foreach (var d in data)
            await before.PutChunkAsync(ChunkHash.Compute(d), d, Ct);

        var rotating = new ChunkStore(store, new Keyring([oldKey, newKey]));
        var report = await rotating.RewrapAsync(Ct);
        Assert.Equal(new RewrapReport(5, 5, "new"), report);
        Assert.Equal(new RewrapReport(5, 0, "new"), await rotating.RewrapAsync(Ct));

        var after = new ChunkStore(store, new Keyring([newKey]));
        foreach (var d in data)
            Assert.Equal(d, await after.GetChunkAsync(ChunkHash.Compute(d), Ct));
    }

    private static async Task<List<string>> ListAsync(IBlobStore store, string prefix) => await ToListAsync(store.ListAsync(prefix, Ct));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
