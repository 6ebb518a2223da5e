using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Gantry.Storage.Blobs;

/// <summary>
/// Blobs as objects in an S3 bucket (AWS or any S3-protocol server). A PUT is atomic in S3; put-if-absent
/// uses a conditional write (<c>If-None-Match: *</c>). Transient failures are retried by the SDK.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly string _bucket;
    private readonly string _prefix;

    /// <summary>Uses an existing client (not disposed by the store).</summary>
    public S3BlobStore(IAmazonS3 client, string bucket, string prefix = "")
        : this(client, bucket, prefix, ownsClient: false)
    {
    }

    private S3BlobStore(IAmazonS3 client, string bucket, string prefix, bool ownsClient)
    {
        if (string.IsNullOrWhiteSpace(bucket))
            throw new ArgumentException("an S3 blob store needs a bucket", nameof(bucket));
        if (prefix.Length > 0 && BlobKey.CheckPrefix(prefix) is { } problem)
            throw new ArgumentException(problem, nameof(prefix));
        _client = client;
        _bucket = bucket;
        _prefix = prefix;
        _ownsClient = ownsClient;
    }

    /// <summary>Creates a store with its own client, configured from <paramref name="options"/>.</summary>
    public static S3BlobStore Create(S3BlobStoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxRetries,
            // Checksums only where S3 requires them: S3-protocol servers differ in what they accept.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        var client = options.AccessKey is { } access
            ? new AmazonS3Client(new BasicAWSCredentials(access, options.SecretKey ?? ""), config)
            : new AmazonS3Client(config);
        return new S3BlobStore(client, options.Bucket, options.Prefix, ownsClient: true);
    }

    /// <inheritdoc />
    public async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var request = PutRequest(key, data);
        request.IfNoneMatch = "*";
        try
        {
            await _client.PutObjectAsync(request, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // A concurrent conditional write to the same key is in flight; whichever lands, the key exists.
            return false;
        }
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        await _client.PutObjectAsync(PutRequest(key, data), cancellationToken);

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = ObjectKey(key) }, cancellationToken);
            var length = response.ContentLength;
            using var buffer = length is > 0 and < int.MaxValue ? new MemoryStream((int)length) : new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = ObjectKey(key) }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (BlobKey.CheckPrefix(prefix) is { } problem)
            throw new ArgumentException(problem, nameof(prefix));
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix };
        while (true)
        {
            var response = await _client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in response.S3Objects ?? [])
            {
                var key = item.Key[_prefix.Length..];
                if (BlobKey.Check(key) is null)
                    yield return key;
            }

            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
                yield break;
            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(key, cancellationToken))
            return false;
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = ObjectKey(key) }, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
            _client.Dispose();
    }

    private PutObjectRequest PutRequest(string key, ReadOnlyMemory<byte> data)
    {
        var stream = MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        return new PutObjectRequest
        {
            BucketName = _bucket,
            Key = ObjectKey(key),
            InputStream = stream,
            AutoCloseStream = true,
            UseChunkEncoding = false,
            ContentType = "application/octet-stream",
        };
    }

    private string ObjectKey(string key)
    {
        BlobKey.ThrowIfInvalid(key);
        return _prefix + key;
    }
}
