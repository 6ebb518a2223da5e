using Gantry.Storage.Blobs;

namespace Gantry.Server.Data;

/// <summary>Datasets and models: where blobs go, the master key, limits. Bound from the "Data" configuration section.</summary>
public sealed class DataOptions
{
    /// <summary>Gets or sets the blob backend: <c>filesystem</c> or <c>s3</c>. <value>The default value is "filesystem".</value></summary>
    public string BlobStore { get; set; } = "filesystem";

    /// <summary>Gets or sets the directory of the filesystem blob store. <value>The default value is null: &lt;data-dir&gt;/blobs.</value></summary>
    public string? BlobDir { get; set; }

    /// <summary>Gets or sets the S3 bucket, prefix, endpoint and credentials when <see cref="BlobStore"/> is <c>s3</c>.</summary>
    public S3BlobStoreOptions S3 { get; set; } = new();

    /// <summary>
    /// Gets or sets the master key file (mode 0600; created with one new key on first start when absent). Ignored when
    /// the GANTRY_MASTER_KEY environment variable holds the keys. <value>The default value is null: &lt;data-dir&gt;/master.key.</value>
    /// </summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>Gets or sets the plaintext cache jobs' inputs are linked from. <value>The default value is null: &lt;data-dir&gt;/cache.</value></summary>
    public string? CacheDir { get; set; }

    /// <summary>Gets or sets whether a cached file is re-hashed every time a job links it (else only size and stamp are checked). <value>The default value is false.</value></summary>
    public bool VerifyCachedFiles { get; set; }

    /// <summary>Gets or sets the largest model file a direct upload may send. <value>The default value is 2 GiB.</value></summary>
    public long MaxModelBytes { get; set; } = 2L << 30;

    /// <summary>Gets or sets the largest manifest a push may post. <value>The default value is 64 MiB.</value></summary>
    public long MaxManifestBytes { get; set; } = 64L << 20;

    /// <summary>Gets or sets how long an uncommitted upload is kept for a resume. <value>The default value is 24 hours.</value></summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Returns the problems with these options, if any.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BlobStore is not ("filesystem" or "s3"))
            problems.Add($"Data:BlobStore is '{BlobStore}'; use filesystem or s3");
        if (BlobStore == "s3" && string.IsNullOrWhiteSpace(S3.Bucket))
            problems.Add("Data:BlobStore is s3 but Data:S3:Bucket is not set");
        if (MaxModelBytes < 1)
            problems.Add("Data:MaxModelBytes must be positive");
        if (MaxManifestBytes < 1024)
            problems.Add("Data:MaxManifestBytes must be at least 1024");
        if (UploadExpiry <= TimeSpan.Zero)
            problems.Add("Data:UploadExpiry must be positive");
        return problems;
    }
}
