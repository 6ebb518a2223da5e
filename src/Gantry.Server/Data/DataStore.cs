using Gantry.Core;
using Gantry.Server.Hosting;
using Gantry.Storage;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Data;

/// <summary>
/// The encrypted chunk store behind datasets and models: opens the blob backend (local disk or S3), loads the
/// master keys (creating a key file on first start). Its tables come with the metadata migrations.
/// The <see cref="Chunks"/> instance is replaced when a key rotation adds a key.
/// </summary>
internal sealed class DataStore(
    IOptions<DataOptions> options,
    ServerPaths paths,
    IConfiguration configuration,
    ILogger<DataStore> logger) : IDisposable
{
    private const string KeyVariable = "GANTRY_MASTER_KEY";

    private IBlobStore? _blobs;
    private volatile ChunkStore? _chunks;

    public DataOptions Options => options.Value;

    /// <summary>Gets the chunk store; valid after <see cref="StartAsync"/>.</summary>
    public ChunkStore Chunks => _chunks ?? throw new InvalidOperationException("the data store has not started");

    /// <summary>Gets where blobs live, for people ("filesystem:/var/lib/gantry/blobs", "s3://bucket/prefix").</summary>
    public string Description { get; private set; } = "";

    /// <summary>Gets where the keys came from: the key file's path or the environment variable.</summary>
    public string KeySource { get; private set; } = "";

    /// <summary>Gets whether the keys come from a file (which rotation can append to).</summary>
    public bool KeysFromFile { get; private set; }

    /// <summary>Gets a line for the start-up output when this start created the master key file, else null.</summary>
    public string? StartupNote { get; private set; }

    /// <summary>Gets the root of the plaintext cache jobs' inputs are linked from.</summary>
    public string CacheDir => Options.CacheDir ?? Path.Join(paths.DataDir, "cache");

    public string MasterKeyFile => Options.MasterKeyFile ?? Path.Join(paths.DataDir, "master.key");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Options.Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException("invalid Data configuration: " + string.Join(" ", problems));
        _blobs = await OpenBlobsAsync(cancellationToken);
        var keyring = await LoadKeyringAsync(cancellationToken);
        _chunks = new ChunkStore(_blobs, keyring);
        Log.DataReady(logger, Description, KeySource, keyring.Current.Id);
    }

    /// <summary>Rotation: appends a new key to the key file (when the keys come from one), then re-wraps every chunk under the current key.</summary>
    public async Task<Outcome<(bool Added, RewrapReport Report)>> RotateAsync(CancellationToken cancellationToken)
    {
        var added = false;
        if (KeysFromFile)
        {
            var key = await KeyringFile.AddKeyAsync(MasterKeyFile, cancellationToken);
            if (!key.IsOk)
                return key.Error;
            var reloaded = await KeyringFile.LoadAsync(MasterKeyFile, cancellationToken);
            if (!reloaded.IsOk)
                return reloaded.Error;
            _chunks = new ChunkStore(_blobs!, reloaded.Value);
            added = true;
        }

        var report = await Chunks.RewrapAsync(cancellationToken);
        return (added, report);
    }

    public void Dispose() => (_blobs as IDisposable)?.Dispose();

    private async Task<IBlobStore> OpenBlobsAsync(CancellationToken cancellationToken)
    {
        if (Options.BlobStore == "s3")
        {
            var s3 = Options.S3;
            var store = S3BlobStore.Create(s3);
            Description = $"s3://{s3.Bucket}/{s3.Prefix}" + (s3.ServiceUrl is { } url ? $" at {url}" : "");
            try
            {
                // Fail at start-up, not at the first push, when the bucket cannot be reached.
                await store.ExistsAsync("chunks/start-up-probe", cancellationToken);
            }
            catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
            {
                store.Dispose();
                throw new InvalidOperationException($"cannot reach the S3 blob store {Description}: {e.Message}", e);
            }

            return store;
        }

        var root = Options.BlobDir ?? paths.BlobsDir;
        Description = "filesystem:" + Path.GetFullPath(root);
        return new FileSystemBlobStore(root);
    }

    private async Task<Keyring> LoadKeyringAsync(CancellationToken cancellationToken)
    {
        // GANTRY_MASTER_KEY reaches configuration as MASTER_KEY (the server reads GANTRY_-prefixed variables).
        var text = configuration["MASTER_KEY"];
        if (!string.IsNullOrWhiteSpace(text))
        {
            KeySource = "environment variable " + KeyVariable;
            var parsed = Keyring.Parse(text, KeySource);
            return parsed.IsOk ? parsed.Value : throw new InvalidOperationException(parsed.Error.Message);
        }

        var path = Path.GetFullPath(MasterKeyFile);
        KeySource = path;
        KeysFromFile = true;
        if (!File.Exists(path) && await TryCreateKeyFileAsync(path, cancellationToken))
        {
            Log.MasterKeyCreated(logger, path);
            StartupNote = $"Created master key file {path} (mode 0600). Back it up: losing it loses every dataset and model.";
            await using var listing = _blobs!.ListAsync(ChunkStore.KeyPrefix, cancellationToken).GetAsyncEnumerator(cancellationToken);
            if (await listing.MoveNextAsync())
            {
                Log.NewKeyOverOldChunks(logger, path);
                StartupNote += " WARNING: the blob store already holds chunks written under another key; they cannot be read with this one.";
            }
        }

        var loaded = await KeyringFile.LoadAsync(path, cancellationToken);
        return loaded.IsOk ? loaded.Value : throw new InvalidOperationException(loaded.Error.Message);
    }

    /// <summary>False when another server sharing this data directory created the file first (it is then loaded).</summary>
    private static async Task<bool> TryCreateKeyFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await KeyringFile.CreateAsync(path, cancellationToken);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
