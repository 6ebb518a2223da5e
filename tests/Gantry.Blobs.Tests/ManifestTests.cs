using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

public sealed class ManifestTests
{
    private static readonly string H1 = ChunkHash.Compute("one"u8);
    private static readonly string H2 = ChunkHash.Compute("two"u8);

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData("nul\0byte")]
    [InlineData("new\nline")]
    [InlineData("back\\slash")]
    [InlineData("..")]
    public void UnsafePaths_AreRefused(string path)
    {
        Assert.NotNull(ManifestPath.Check(path));
        var built = new ManifestBuilder().Add(path, 3, 420, [H1]).Build();
        Assert.False(built.IsOk);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("dir/sub/file.txt")]
    [InlineData("..hidden/...dots")]
    [InlineData("spaces and ünïcode/ファイル")]
    public void OrdinaryPaths_AreAccepted(string path) => Assert.Null(ManifestPath.Check(path));

    [Fact]
    public void Builder_SortsFiles_AndSumsSizes()
    {
        var manifest = new ManifestBuilder().Add("b", 3, 420, [H2]).Add("a/x", 6, 493, [H1, H2]).Add("empty", 0, 420, []).Build().Value!;
        Assert.Equal(["a/x", "b", "empty"], manifest.Files.Select(f => f.Path));
        Assert.Equal(9, manifest.TotalSize);
        Assert.Equal([H1, H2], manifest.ChunkHashes());
        Assert.True(ChunkHash.IsValid(manifest.Hash));
    }

    [Fact]
    public void Builder_RefusesDuplicates_FileDirectoryClashes_BadModes_AndBadHashes()
    {
        Assert.False(new ManifestBuilder().Add("a", 3, 420, [H1]).Add("a", 3, 420, [H1]).Build().IsOk);
        Assert.False(new ManifestBuilder().Add("a", 3, 420, [H1]).Add("a/b", 3, 420, [H1]).Build().IsOk);
        Assert.False(new ManifestBuilder().Add("a", 3, 0b100_111_101_101, [H1]).Build().IsOk); // setuid
        Assert.False(new ManifestBuilder().Add("a", 3, 420, ["../../etc/passwd"]).Build().IsOk);
        Assert.False(new ManifestBuilder().Add("a", 3, 420, []).Build().IsOk);
        Assert.False(new ManifestBuilder().Add("a", -1, 420, [H1]).Build().IsOk);
    }

    [Fact]
    public void Hash_CoversPathsSizesModesAndChunks()
    {
        var baseline = new ManifestBuilder().Add("a", 3, 420, [H1]).Build().Value!.Hash;
        Assert.NotEqual(baseline, new ManifestBuilder().Add("b", 3, 420, [H1]).Build().Value!.Hash);
        Assert.NotEqual(baseline, new ManifestBuilder().Add("a", 4, 420, [H1]).Build().Value!.Hash);
        Assert.NotEqual(baseline, new ManifestBuilder().Add("a", 3, 493, [H1]).Build().Value!.Hash);
        Assert.NotEqual(baseline, new ManifestBuilder().Add("a", 3, 420, [H2]).Build().Value!.Hash);
        Assert.Equal(baseline, new ManifestBuilder().Add("a", 3, 420, [H1]).Build().Value!.Hash);
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var manifest = new ManifestBuilder().Add("dir/a", 6, 493, [H1, H2]).Add("b", 0, 420, []).Build().Value!;
        var json = ManifestJson.Serialize(manifest);
        Assert.Contains("\"total_size\":6", json, StringComparison.Ordinal);
        var parsed = ManifestJson.Parse(json);
        Assert.True(parsed.IsOk);
        Assert.Equal(manifest, parsed.Value);
        Assert.Equal(manifest.Files, parsed.Value.Files, (x, y) => x.Path == y.Path && x.Chunks.SequenceEqual(y.Chunks));
    }

    [Fact]
    public void Json_WithTraversalOrAWrongHash_IsRefused()
    {
        var traversal = $$"""{"files":[{"path":"../../root/.ssh/authorized_keys","size":3,"mode":420,"chunks":["{{H1}}"]}]}""";
        Assert.False(ManifestJson.Parse(traversal).IsOk);
        var wrongHash = $$"""{"files":[{"path":"a","size":3,"mode":420,"chunks":["{{H1}}"]}],"hash":"{{H2}}"}""";
        Assert.Contains("hash", ManifestJson.Parse(wrongHash).Error!.Message, StringComparison.Ordinal);
        Assert.False(ManifestJson.Parse("{not json").IsOk);
        Assert.False(ManifestJson.Parse("""{"files":[],"extra":1}""").IsOk);
    }
}
