using System.Threading.Channels;
using Gantry.Storage;
using Gantry.Storage.Data;

namespace Gantry.Server.Data;

/// <summary>
/// Records, in the background, that a project's member uploaded a chunk's bytes (<see cref="ProjectChunkRecord"/>).
/// Chunk PUTs do not wait for it: whatever is queued is written in one transaction, so a push of thousands of
/// chunks costs a handful of commits. A crash loses at most the last batch; the client re-sends those chunks on resume.
/// </summary>
internal sealed class PossessionLog(MetadataWriter writer, ILogger<PossessionLog> logger) : BackgroundService
{
    private const int MaxBatch = 4096;
    private readonly Channel<(string Project, string Hash)> _queue = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(string project, string hash) => _queue.Writer.TryWrite((project, hash));

    /// <summary>Adds the rows that do not exist yet, inside an open write.</summary>
    public static void Insert(WriteScope scope, IEnumerable<(string Project, string Hash)> rows)
    {
        foreach (var group in rows.Distinct().GroupBy(r => r.Project, StringComparer.Ordinal))
        {
            var project = group.Key;
            var hashes = group.Select(r => r.Hash).ToList();
            var existing = scope.Db.Set<ProjectChunkRecord>().Where(c => c.Project == project && hashes.Contains(c.Hash)).Select(c => c.Hash).ToHashSet(StringComparer.Ordinal);
            var tracked = scope.Db.ChangeTracker.Entries<ProjectChunkRecord>().Where(e => e.Entity.Project == project).Select(e => e.Entity.Hash).ToHashSet(StringComparer.Ordinal);
            foreach (var hash in hashes.Where(h => !existing.Contains(h) && !tracked.Contains(h)))
                scope.Db.Add(new ProjectChunkRecord { Project = project, Hash = hash });
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(string, string)>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var row))
                    batch.Add(row);
                try
                {
                    var rows = batch.ToArray();
                    await writer.WriteAsync(scope =>
                    {
                        Insert(scope, rows);
                        return true;
                    }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.PossessionFlushFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is re-sent by clients that resume.
        }
    }
}
