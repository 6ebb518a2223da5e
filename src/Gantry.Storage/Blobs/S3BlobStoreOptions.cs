namespace Gantry.Storage.Blobs;

/// <summary>Where an <see cref="S3BlobStore"/> keeps its blobs and how it reaches them.</summary>
public sealed class S3BlobStoreOptions
{
    /// <summary>Gets or sets the bucket, which must exist. <value>The default value is empty (required).</value></summary>
    public string Bucket { get; set; } = "";

    /// <summary>Gets or sets a key prefix inside the bucket, e.g. <c>gantry/</c>. <value>The default value is empty.</value></summary>
    public string Prefix { get; set; } = "";

    /// <summary>Gets or sets the endpoint of an S3-protocol server (MinIO, Ceph, moto); null for AWS. <value>The default value is null.</value></summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Gets or sets the region. <value>The default value is us-east-1.</value></summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Gets or sets whether to address buckets by path (needed by most S3-protocol servers). <value>The default value is true.</value></summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Gets or sets the access key; null uses the SDK's default credential chain. <value>The default value is null.</value></summary>
    public string? AccessKey { get; set; }

    /// <summary>Gets or sets the secret key, with <see cref="AccessKey"/>. <value>The default value is null.</value></summary>
    public string? SecretKey { get; set; }

    /// <summary>Gets or sets how often a request that failed transiently (5xx, throttling, network) is retried. <value>The default value is 5.</value></summary>
    public int MaxRetries { get; set; } = 5;
}
