using System.Threading.Channels;
using Gantry.Storage.Audit;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Storage;

/// <summary>
/// The single writer of metadata. Operations queue here and run one after another on one thread;
/// operations that arrive together commit in one transaction (group commit), so one fsync
/// acknowledges many submissions. A task returned by <see cref="WriteAsync{T}"/> completes only
/// after its transaction is durable. If a batch fails, its operations are retried one by one so
/// one bad operation cannot take others down with it. On a database several servers share
/// (<see cref="MetadataStore.IsShared"/>) each transaction first takes the cross-server write lock and
/// reloads the audit chain's head and the id counters, so the servers' writers act as one.
/// </summary>
public sealed class MetadataWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly MetadataStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<IWork> _queue = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Counters _counters = new();
    private Task? _loop;

    public MetadataWriter(MetadataStore store, TimeProvider time, ILogger<MetadataWriter>? logger = null)
    {
        _store = store;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    private interface IWork
    {
        void Run(WriteScope scope);

        void Complete();

        void Fail(Exception exception);
    }

    /// <summary>The sequence number of the newest audit entry this writer committed.</summary>
    public long LastAuditSeq => Volatile.Read(ref _counters.CommittedAuditSeq);

    /// <summary>Loads the counters and starts the writer thread.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = _store.CreateContext())
        {
            var last = await db.Audit.AsNoTracking().OrderByDescending(a => a.Seq).FirstOrDefaultAsync(cancellationToken);
            var maxJob = await db.Jobs.MaxAsync(j => (long?)j.Id, cancellationToken);
            var maxToken = await db.Tokens.MaxAsync(t => (long?)t.Id, cancellationToken);
            _counters.Load(last, maxJob, maxToken);
            _counters.CommittedAuditSeq = _counters.AuditSeq;
        }

        _loop = Task.Factory.StartNew(RunLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Runs <paramref name="operation"/> in a transaction; completes when it is committed.</summary>
    public Task<T> WriteAsync<T>(Func<WriteScope, T> operation, CancellationToken cancellationToken = default)
    {
        var work = new Work<T>(operation);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(work), this);
        return work.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
            await _loop;
    }

    private void RunLoop()
    {
        var batch = new List<IWork>(MaxBatch);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var work))
                batch.Add(work);
            if (batch.Count == 0)
                continue;
            if (TryCommit(batch, out var error))
                continue;
            if (batch.Count == 1)
            {
                batch[0].Fail(error!);
                continue;
            }

            foreach (var work in batch)
            {
                if (!TryCommit([work], out var single))
                    work.Fail(single!);
            }
        }
    }

    private bool TryCommit(IReadOnlyList<IWork> batch, out Exception? error)
    {
        var saved = _counters.Clone();
        var afterCommit = new List<Action>();
        try
        {
            using var db = _store.CreateContext();
            using var transaction = db.Database.BeginTransaction();
            if (_store.IsShared)
            {
                // Other servers write too: wait for the cross-server write lock, then take the chain's head and
                // the id counters from the database, where the last writer (this server or another) left them.
                _store.SerializeWrites(db);
                _counters.Load(
                    db.Audit.AsNoTracking().OrderByDescending(a => a.Seq).FirstOrDefault(),
                    db.Jobs.Max(j => (long?)j.Id),
                    db.Tokens.Max(t => (long?)t.Id));
            }

            var scope = new WriteScope(db, _time.GetUtcNow(), _counters, afterCommit);
            foreach (var work in batch)
            {
                work.Run(scope);
                db.SaveChanges();
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Any failure, a bug in an operation included, must roll back and leave the writer running.
            _counters.Restore(saved);
            error = ex;
            return false;
        }

        Volatile.Write(ref _counters.CommittedAuditSeq, _counters.AuditSeq);

        // Listeners run before the callers are answered: a caller that hears "revoked" must find the token cache
        // already emptied, or its very next request could still pass on the cached entry.
        foreach (var action in afterCommit)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Log.AfterCommitFailed(_logger, ex);
                // The change is committed; a failing listener must neither skip the other listeners, nor leave
                // the callers unanswered, nor end this loop, which would hang every later write.
            }
        }

        foreach (var work in batch)
            work.Complete();
        error = null;
        return true;
    }

    internal sealed class Counters
    {
        public long AuditSeq;
        public string AuditHash = AuditChain.Genesis;
        public long CommittedAuditSeq;
        public long NextJobId = 1;
        public long NextTokenId = 1;

        public Counters Clone() => (Counters)MemberwiseClone();

        public void Load(AuditRecord? lastAudit, long? maxJobId, long? maxTokenId)
        {
            AuditSeq = lastAudit?.Seq ?? 0;
            AuditHash = lastAudit?.Hash ?? AuditChain.Genesis;
            NextJobId = (maxJobId ?? 0) + 1;
            NextTokenId = (maxTokenId ?? 0) + 1;
        }

        public void Restore(Counters other)
        {
            AuditSeq = other.AuditSeq;
            AuditHash = other.AuditHash;
            NextJobId = other.NextJobId;
            NextTokenId = other.NextTokenId;
        }
    }

    private sealed class Work<T>(Func<WriteScope, T> operation) : IWork
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public void Run(WriteScope scope) => _result = operation(scope);

        public void Complete() => _completion.TrySetResult(_result!);

        public void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
