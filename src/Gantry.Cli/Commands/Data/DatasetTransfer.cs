using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Gantry.Client;
using Gantry.Core.Api.Data;
using Gantry.Storage.Blobs;

namespace Gantry.Cli.Commands.Data;

/// <summary>
/// Pushes a directory to a dataset and pulls a version back, the client side of the chunk protocol. Push: the tree
/// is cut into content-defined chunks and hashed here (<see cref="TreeReader"/>, which refuses unsafe paths and
/// links leading outside the tree), the manifest is offered, and only the chunks the server asks for are read again
/// and sent, several at once, each retried on transient failures; re-running an interrupted push sends only what
/// is still missing. Pull: every chunk is verified against its hash, and the tree appears at its destination only
/// when it is whole.
/// </summary>
public sealed class DatasetTransfer(GantryClient client, TimeProvider? time = null)
{
    private const int CommitRounds = 3;

    /// <summary>Gets how many chunks are in flight at once. <value>The default value is 8.</value></summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Gets how often a chunk request is tried before the transfer fails. <value>The default value is 5.</value></summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Gets a sink for bytes hashed (push, first pass), as deltas. <value>The default value is null.</value></summary>
    public IProgress<long>? HashProgress { get; init; }

    /// <summary>Gets a sink told the bytes a push will send, once known. <value>The default value is null.</value></summary>
    public Action<long>? UploadTotal { get; init; }

    /// <summary>Gets a sink for bytes sent or received, as deltas. <value>The default value is null.</value></summary>
    public IProgress<long>? TransferProgress { get; init; }

    /// <summary>Gets a sink told a pull's total bytes, once known. <value>The default value is null.</value></summary>
    public Action<long>? DownloadTotal { get; init; }

    private TransferRetry Retry => new(MaxAttempts, time ?? TimeProvider.System);

    /// <summary>Pushes <paramref name="directory"/> as the next version of <paramref name="dataset"/>.</summary>
    public async Task<PushResult> PushAsync(string dataset, string directory, CancellationToken cancellationToken)
    {
        var lengths = new LengthRecorder();
        var read = await new TreeReader(new TreeReaderOptions { Progress = HashProgress }).ReadAsync(directory, lengths, cancellationToken);
        if (!read.IsOk)
            throw new CliException(read.Error.Message);
        var manifest = read.Value;
        var manifestJson = ManifestJson.Serialize(manifest);
        var sentChunks = 0;
        long sentBytes = 0;
        for (var round = 1; ; round++)
        {
            var upload = await Retry.RunAsync(ct => client.CreateDatasetUploadAsync(dataset, manifestJson, ct), "posting the manifest", cancellationToken);
            if (round == 1)
                UploadTotal?.Invoke(upload.Missing.Sum(h => (long)lengths.Lengths.GetValueOrDefault(h)));
            var (chunks, bytes) = await SendAsync(directory, manifest, upload.Missing, cancellationToken);
            sentChunks += chunks;
            sentBytes += bytes;
            try
            {
                var commit = await Retry.RunAsync(ct => client.CommitDatasetUploadAsync(dataset, upload.UploadId, ct), "committing", cancellationToken);
                return new PushResult(commit, manifest.Files.Count, manifest.TotalSize, upload.Chunks, sentChunks, sentBytes);
            }
            catch (GantryApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict && round < CommitRounds && e.Message.Contains("not uploaded", StringComparison.Ordinal))
            {
                // Chunks vanished between upload and commit (an expiry, a restart): offer the manifest again.
            }
        }
    }

    /// <summary>Pulls a version (null: the latest) of <paramref name="dataset"/> into <paramref name="destination"/>, which must not exist.</summary>
    public async Task<PullResult> PullAsync(string dataset, int? version, string destination, CancellationToken cancellationToken)
    {
        var detail = await client.GetDatasetVersionAsync(dataset, version, cancellationToken);
        var number = detail.Version.Version;
        var text = await client.GetDatasetManifestAsync(dataset, number, cancellationToken);
        var manifest = ManifestJson.Parse(text);
        if (!manifest.IsOk)
            throw new CliException($"the server sent an invalid manifest for {dataset}@{number}: {manifest.Error.Message}");
        DownloadTotal?.Invoke(manifest.Value.TotalSize);
        var writer = new TreeWriter(new ClientChunkSource(client, dataset, number, Retry), new TreeWriterOptions { Parallelism = Parallelism, Progress = TransferProgress });
        var written = await writer.WriteAsync(manifest.Value, destination, cancellationToken);
        if (!written.IsOk)
            throw new CliException(written.Error.Message);
        return new PullResult(dataset, number, Path.GetFullPath(destination), manifest.Value.Files.Count, manifest.Value.TotalSize);
    }

    // Reads again only the files that hold missing chunks, cuts them the same way, and sends each missing chunk once.
    private async Task<(int Chunks, long Bytes)> SendAsync(string root, Manifest manifest, IReadOnlyList<string> missingList, CancellationToken cancellationToken)
    {
        if (missingList.Count == 0)
            return (0, 0);
        var missing = missingList.ToHashSet(StringComparer.Ordinal);
        var claimed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var files = manifest.Files.Where(f => f.Chunks.Any(missing.Contains)).ToList();
        var queue = Channel.CreateBounded<(string Hash, byte[] Buffer, int Length)>(Math.Max(2, Parallelism * 2));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sentChunks = 0;
        long sentBytes = 0;

        async Task ProduceAsync()
        {
            try
            {
                await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop.Token }, async (file, ct) =>
                {
                    var last = file.Chunks.Select((h, i) => (h, i)).Where(x => missing.Contains(x.h)).Max(x => x.i);
                    var path = Path.Join(root, file.Path);
                    await using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
                    using var reader = new ChunkReader(stream, new ContentChunker());
                    for (var i = 0; i <= last; i++)
                    {
                        var chunk = await reader.ReadNextAsync(ct);
                        // The server re-hashes every chunk (and refuses one that changed since the first pass); a file
                        // that shrank is caught here.
                        if (chunk.IsEmpty)
                            throw new CliException($"'{file.Path}' changed while it was being pushed; push again");
                        if (!missing.Contains(file.Chunks[i]) || !claimed.TryAdd(file.Chunks[i], true))
                            continue;
                        var buffer = ArrayPool<byte>.Shared.Rent(chunk.Length);
                        chunk.CopyTo(buffer);
                        await queue.Writer.WriteAsync((file.Chunks[i], buffer, chunk.Length), ct);
                    }
                });
                queue.Writer.Complete();
            }
            catch (Exception e)
            {
                queue.Writer.Complete(e);
                throw;
            }
        }

        async Task ConsumeAsync()
        {
            await foreach (var (hash, buffer, length) in queue.Reader.ReadAllAsync(stop.Token))
            {
                try
                {
                    await Retry.RunAsync(async ct =>
                    {
                        await client.PutChunkAsync(hash, buffer.AsMemory(0, length), ct);
                        return true;
                    }, $"sending chunk {hash}", stop.Token);
                    Interlocked.Increment(ref sentChunks);
                    Interlocked.Add(ref sentBytes, length);
                    TransferProgress?.Report(length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        var tasks = Enumerable.Range(0, Math.Max(1, Parallelism)).Select(_ => Guard(ConsumeAsync)).Append(Guard(ProduceAsync)).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            // Report the first real failure, not the cancellations it caused in the other tasks.
            var failure = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            throw;
        }

        return (sentChunks, sentBytes);

        async Task Guard(Func<Task> work)
        {
            try
            {
                await work();
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }
    }
}
