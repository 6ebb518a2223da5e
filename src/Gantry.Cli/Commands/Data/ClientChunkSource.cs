using Gantry.Client;
using Gantry.Storage.Blobs;

namespace Gantry.Cli.Commands.Data;

/// <summary>Chunks of one dataset version fetched from the server, retried on transient failures; <see cref="TreeWriter"/> verifies each against its hash.</summary>
internal sealed class ClientChunkSource(GantryClient client, string dataset, int version, TransferRetry retry) : IChunkSource
{
    public Task<byte[]> GetChunkAsync(string hash, CancellationToken cancellationToken = default) =>
        retry.RunAsync(ct => client.GetDatasetChunkAsync(hash, dataset, version, ct), $"chunk {hash}", cancellationToken);
}
