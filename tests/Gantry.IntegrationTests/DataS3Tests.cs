using Amazon.S3.Model;

namespace Gantry.IntegrationTests;

/// <summary>The data suite against an S3-protocol store: moto's server on loopback, a fresh bucket per test.</summary>
public sealed class DataS3Tests(Gantry.Blobs.Tests.MotoServer moto) : DataSuite, IClassFixture<Gantry.Blobs.Tests.MotoServer>
{
    private const string Prefix = "gantry/";
    private string _bucket = "";

    protected override async Task<Dictionary<string, string?>> StoreConfigAsync()
    {
        Requirements.Require(moto.IsRunning, moto.Problem);
        _bucket = "gantry-data-" + Guid.NewGuid().ToString("N")[..12];
        using (var client = moto.Client())
            await client.PutBucketAsync(_bucket, TestContext.Current.CancellationToken);
        return new Dictionary<string, string?>
        {
            ["Data:BlobStore"] = "s3",
            ["Data:S3:ServiceUrl"] = moto.ServiceUrl,
            ["Data:S3:Bucket"] = _bucket,
            ["Data:S3:Prefix"] = Prefix,
            ["Data:S3:AccessKey"] = "test",
            ["Data:S3:SecretKey"] = "test",
        };
    }

    protected override async Task<IReadOnlyList<byte[]>> StoredBlobsAsync(TestServer server)
    {
        using var client = moto.Client();
        var blobs = new List<byte[]>();
        var request = new ListObjectsV2Request { BucketName = _bucket };
        while (true)
        {
            var listing = await client.ListObjectsV2Async(request, TestContext.Current.CancellationToken);
            foreach (var item in listing.S3Objects ?? [])
                blobs.Add(await ReadAsync(client, item.Key));
            if (listing.IsTruncated != true)
                return blobs;
            request.ContinuationToken = listing.NextContinuationToken;
        }
    }

    protected override async Task CorruptAsync(TestServer server, string hash)
    {
        using var client = moto.Client();
        var key = Prefix + "chunks/" + hash;
        var bytes = await ReadAsync(client, key);
        bytes[bytes.Length / 2] ^= 0x01;
        await client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(bytes) }, TestContext.Current.CancellationToken);
    }

    private async Task<byte[]> ReadAsync(Amazon.S3.AmazonS3Client client, string key)
    {
        using var response = await client.GetObjectAsync(_bucket, key, TestContext.Current.CancellationToken);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, TestContext.Current.CancellationToken);
        return buffer.ToArray();
    }
}
