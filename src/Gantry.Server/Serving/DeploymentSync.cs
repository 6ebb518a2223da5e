using Gantry.Server.Leadership;
using Gantry.Storage;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Serving;

/// <summary>
/// On a shared (PostgreSQL) metadata store every server serves every deployment. A create, scale, update or delete
/// committed through one server reaches the others here: each polls the deployments table every
/// <c>Metadata:PollInterval</c> and applies what differs from what it runs. On SQLite (one server) it does nothing.
/// </summary>
internal sealed class DeploymentSync(
    MetadataStore store,
    DeploymentManager manager,
    IOptions<MetadataOptions> options,
    TimeProvider time,
    ILogger<DeploymentSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.IsShared)
            return;
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SyncOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.DeploymentSyncFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        List<DeploymentRecord> records;
        await using (var db = store.CreateContext())
            records = await db.Deployments.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var record in records)
        {
            if (!manager.TryGet(record.Name, out var live))
            {
                manager.Start(record);
                continue;
            }

            var stored = DeploymentSpec.From(record);
            var current = live.Spec;
            if (stored.Replicas != current.Replicas || stored.MinReplicas != current.MinReplicas || stored.MaxReplicas != current.MaxReplicas)
                manager.Scale(record);
            var sameReplicas = stored with { Replicas = current.Replicas, MinReplicas = current.MinReplicas, MaxReplicas = current.MaxReplicas };
            if (sameReplicas != current && !live.Updating)
                manager.Update(record);
        }

        var names = records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in manager.All.Select(l => l.Spec.Name).Where(n => !names.Contains(n)).ToList())
            await manager.DeleteAsync(gone);
    }
}
