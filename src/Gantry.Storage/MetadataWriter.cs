using System.Threading.Channels;
using Gantry.Storage.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Storage;

/// <summary>
/// The single writer of metadata. Operations queue here and run one after another on one thread;
/// operations that arrive together commit in one transaction (group commit), so one fsync
/// acknowledges many submissions. A task returned by <see cref="WriteAsync{T}"/> completes only
/// after its transaction is durable. If a batch fails, its operations are retried one by one so
/// one bad operation cannot take others down with it.
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
            _counters.AuditSeq = last?.Seq ?? 0;
            _counters.AuditHash = last?.Hash ?? AuditChain.Genesis;
            _counters.CommittedAuditSeq = _counters.AuditSeq;
            _counters.NextJobId = (await db.Jobs.MaxAsync(j => (long?)j.Id, cancellationToken) ?? 0) + 1;
            _counters.NextTokenId = (await db.Tokens.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0) + 1;
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
        foreach (var work in batch)
            work.Complete();
        foreach (var action in afterCommit)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Log.AfterCommitFailed(_logger, ex);
                // The change is committed and its caller already answered; a failing listener must
                // neither skip the other listeners nor end this loop, which would hang every later write.
            }
        }

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
