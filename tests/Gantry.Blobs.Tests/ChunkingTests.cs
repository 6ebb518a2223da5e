using System.Text;
using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

public sealed class ChunkingTests
{
    [Fact]
    public async Task Chunks_AreDeterministic_WhateverTheReadSize()
    {
        var data = TestData.Random(600_000, seed: 1);
        var whole = await TestData.ChunksOf(data, TestData.SmallChunks);
        var trickled = await TestData.ChunksOf(data, TestData.SmallChunks, readSize: 777);
        Assert.Equal(whole.Select(ChunkHashOf), trickled.Select(ChunkHashOf));
        Assert.Equal(data, whole.SelectMany(c => c).ToArray());
    }

    [Fact]
    public async Task SeekableStream_GivesTheSameChunks_AsAStreamOfUnknownLength()
    {
        var data = TestData.Random(300_000, seed: 8);
        var chunker = new ContentChunker(TestData.SmallChunks);
        using var stream = new MemoryStream(data);
        using var reader = new ChunkReader(stream, chunker);
        var seekable = new List<string>();
        for (var chunk = await reader.ReadNextAsync(TestContext.Current.CancellationToken); !chunk.IsEmpty; chunk = await reader.ReadNextAsync(TestContext.Current.CancellationToken))
            seekable.Add(ChunkHash.Compute(chunk.Span));
        Assert.Equal((await TestData.ChunksOf(data, TestData.SmallChunks, readSize: 5000)).Select(ChunkHashOf), seekable);
    }

    [Fact]
    public async Task StreamLongerThanItsLength_IsStillReadWhole()
    {
        var data = TestData.Random(100_000, seed: 10);
        using var stream = new LyingLengthStream(data, claimedLength: 10);
        using var reader = new ChunkReader(stream, new ContentChunker(TestData.SmallChunks));
        var total = 0;
        for (var chunk = await reader.ReadNextAsync(TestContext.Current.CancellationToken); !chunk.IsEmpty; chunk = await reader.ReadNextAsync(TestContext.Current.CancellationToken))
            total += chunk.Length;
        Assert.Equal(data.Length, total);
    }

    [Fact]
    public async Task Chunks_RespectMinAndMax_AndAverageNearTarget()
    {
        var options = TestData.SmallChunks;
        var chunks = await TestData.ChunksOf(TestData.Random(2_000_000, seed: 2), options);
        Assert.All(chunks.SkipLast(1), c => Assert.InRange(c.Length, options.MinSize, options.MaxSize));
        var average = chunks.Average(c => c.Length);
        Assert.InRange(average, options.AverageSize * 0.6, options.AverageSize * 1.6);
    }

    [Fact]
    public async Task DataWithoutCutPoints_IsCutAtMax()
    {
        var chunks = await TestData.ChunksOf(new byte[100_000], TestData.SmallChunks);
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(TestData.SmallChunks.MaxSize, c.Length));
        Assert.Equal(100_000, chunks.Sum(c => c.Length));
    }

    [Fact]
    public async Task EmptyStream_HasNoChunks()
    {
        Assert.Empty(await TestData.ChunksOf([], TestData.SmallChunks));
    }

    [Fact]
    public async Task InsertNearStart_LeavesMostLaterChunksUnchanged()
    {
        var original = TestData.Random(2_000_000, seed: 3);
        var edited = original[..5000].Concat(Encoding.ASCII.GetBytes("inserted bytes!")).Concat(original[5000..]).ToArray();
        var before = (await TestData.ChunksOf(original, TestData.SmallChunks)).Select(ChunkHashOf).ToHashSet();
        var after = (await TestData.ChunksOf(edited, TestData.SmallChunks)).Select(ChunkHashOf).ToList();
        var changed = after.Count(h => !before.Contains(h));
        Assert.InRange(changed, 1, 3);
        Assert.True(after.Count > 300);
    }

    [Fact]
    public async Task DefaultSizes_CutLargeRandomDataNearOneMebibyte()
    {
        var chunks = await TestData.ChunksOf(TestData.Random(40 << 20, seed: 4), ChunkingOptions.Default);
        Assert.All(chunks.SkipLast(1), c => Assert.InRange(c.Length, 256 << 10, 4 << 20));
        Assert.InRange(chunks.Average(c => c.Length), 512 << 10, 2 << 20);
    }

    [Fact]
    public void InvalidOptions_AreRefused()
    {
        Assert.NotNull(new ChunkingOptions { MinSize = 4096, AverageSize = 4096, MaxSize = 8192 }.Check());
        Assert.Throws<ArgumentException>(() => new ContentChunker(new ChunkingOptions { MinSize = 10 }));
        Assert.Null(ChunkingOptions.Default.Check());
    }

    [Fact]
    public void ChunkHash_IsLowerCaseSha256()
    {
        var hash = ChunkHash.Compute("abc"u8);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
        Assert.True(ChunkHash.IsValid(hash));
        Assert.False(ChunkHash.IsValid(hash.ToUpperInvariant()));
        Assert.False(ChunkHash.IsValid("../" + hash[3..]));
        Assert.True(ChunkHash.Matches(hash, "abc"u8));
        Assert.False(ChunkHash.Matches(hash, "abd"u8));
    }

    private static string ChunkHashOf(byte[] chunk) => ChunkHash.Compute(chunk);

    private sealed class LyingLengthStream(byte[] data, long claimedLength) : MemoryStream(data)
    {
        public override long Length => claimedLength;
    }
}
