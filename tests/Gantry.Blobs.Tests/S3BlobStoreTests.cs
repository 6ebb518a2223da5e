using Amazon.S3.Model;
using Gantry.Storage.Blobs;

namespace Gantry.Blobs.Tests;

public sealed class S3BlobStoreTests(MotoServer moto) : BlobStoreContract, IClassFixture<MotoServer>
{
    // Only chunks are written put-if-absent, and a chunk's bytes are named by their hash, so two winners wrote the same bytes.
    protected override bool SerializesConcurrentPuts => false;

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        Requirements.Require(moto.IsRunning, moto.Problem);
        var bucket = "gantry-test-" + Guid.NewGuid().ToString("N")[..12];
        using (var client = moto.Client())
            await client.PutBucketAsync(bucket, Ct);
        return S3BlobStore.Create(new S3BlobStoreOptions
        {
            ServiceUrl = moto.ServiceUrl,
            Bucket = bucket,
            Prefix = "gantry/",
            AccessKey = "test",
            SecretKey = "test",
        });
    }

    protected override async Task<IReadOnlyList<byte[]>> RawContentsAsync(IBlobStore store)
    {
        // Read the whole bucket with a plain client, whatever the store's prefix.
        using var client = moto.Client();
        var buckets = await client.ListBucketsAsync(Ct);
        var contents = new List<byte[]>();
        foreach (var bucket in buckets.Buckets ?? [])
        {
            var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.BucketName }, Ct);
            foreach (var item in listing.S3Objects ?? [])
            {
                using var response = await client.GetObjectAsync(bucket.BucketName, item.Key, Ct);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, Ct);
                contents.Add(buffer.ToArray());
            }
        }

        return contents;
    }
}
