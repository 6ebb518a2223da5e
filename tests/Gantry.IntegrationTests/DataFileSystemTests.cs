namespace Gantry.IntegrationTests;

/// <summary>The data suite against the embedded default: blobs on local disk under &lt;data-dir&gt;/blobs.</summary>
public sealed class DataFileSystemTests : DataSuite
{
    protected override Task<Dictionary<string, string?>> StoreConfigAsync() => Task.FromResult(new Dictionary<string, string?>());

    protected override async Task<IReadOnlyList<byte[]>> StoredBlobsAsync(TestServer server)
    {
        var blobs = new List<byte[]>();
        foreach (var file in Directory.EnumerateFiles(Path.Join(server.DataDir, "blobs"), "*", SearchOption.AllDirectories))
            blobs.Add(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        return blobs;
    }

    protected override async Task CorruptAsync(TestServer server, string hash)
    {
        var path = Path.Join(server.DataDir, "blobs", "chunks", hash[..2], hash[2..4], hash);
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
    }
}
