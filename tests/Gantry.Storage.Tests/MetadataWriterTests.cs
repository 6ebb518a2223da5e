using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Tests;

public sealed class MetadataWriterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Write_Commits_AndIsVisibleFromANewContext(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        var id = await db.Writer.WriteAsync(s => TestDatabase.AddJob(s, "train"), Ct);

        await using var read = db.Context();
        var job = await read.Jobs.SingleAsync(j => j.Id == id, Ct);
        Assert.Equal("train", job.Name);
        Assert.Equal(1, id);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Write_IsStillThere_AfterReopeningTheFile(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.Writer.WriteAsync(s => TestDatabase.AddJob(s, "kept"), Ct);

        await db.RestartAsync();

        await using var read = db.Context();
        Assert.Equal("kept", (await read.Jobs.SingleAsync(Ct)).Name);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Write_ReturnsTheOperationsResult(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        Assert.Equal("done", await db.Writer.WriteAsync(_ => "done", Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Write_SeesTheTimeFromTheTimeProvider(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        var first = await db.Writer.WriteAsync(s => s.Now, Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        var id = await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct);

        Assert.Equal(TestDatabase.Start, first);
        await using var read = db.Context();
        Assert.Equal(TestDatabase.Start.AddMinutes(5).ToUnixTimeMilliseconds(), (await read.Jobs.SingleAsync(j => j.Id == id, Ct)).SubmittedAtMs);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ManyConcurrentWrites_AllCommit_WithUniqueDenseJobIds(MetadataProvider provider)
    {
        const int Count = 500;
        await using var db = await TestDatabase.CreateAsync(provider);

        var ids = await Task.WhenAll(Enumerable.Range(0, Count).Select(i =>
            Task.Run(() => db.Writer.WriteAsync(s => TestDatabase.AddJob(s, $"job-{i}"), Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), ids.Order());
        await using var read = db.Context();
        Assert.Equal(Count, await read.Jobs.CountAsync(Ct));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"job-{i}").Order(), (await read.Jobs.Select(j => j.Name).ToListAsync(Ct)).Order());
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ConcurrentWrites_WithSomeFailing_LeaveCommittedIdsDense(MetadataProvider provider)
    {
        const int Count = 300;
        await using var db = await TestDatabase.CreateAsync(provider);

        var tasks = Enumerable.Range(0, Count).Select(i => Task.Run(() => db.Writer.WriteAsync(s =>
        {
            var id = TestDatabase.AddJob(s, $"job-{i}");
            return i % 7 == 3 ? throw new InvalidOperationException($"op {i} fails") : id;
        }, Ct), Ct)).ToArray();
        await Task.WhenAll(tasks).ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default);

        var failed = tasks.Count(t => t.IsFaulted);
        var ids = tasks.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Count).Count(i => i % 7 == 3), failed);
        Assert.All(tasks.Where(t => t.IsFaulted), t => Assert.IsType<InvalidOperationException>(t.Exception!.InnerException));
        Assert.Equal(Enumerable.Range(1, Count - failed).Select(i => (long)i), ids);
        await using var read = db.Context();
        Assert.Equal(ids, await read.Jobs.Select(j => j.Id).OrderBy(id => id).ToListAsync(Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task FailingOperation_FailsOnlyItsOwnTask_WhileTheOthersInTheBatchCommit(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var blocker = await Blocker.StartAsync(db.Writer);

        // Queued while the writer is busy, so they reach it together as one batch.
        var runs = new int[5];
        var tasks = Enumerable.Range(0, 5).Select(i => db.Writer.WriteAsync(s =>
        {
            Interlocked.Increment(ref runs[i]);
            var id = TestDatabase.AddJob(s, $"job-{i}");
            return i == 2 ? throw new InvalidOperationException("bad op") : id;
        }, Ct)).ToArray();
        blocker.Release();
        await blocker.Done;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tasks[2]);
        Assert.Equal("bad op", error.Message);
        var ids = new List<long>();
        foreach (var i in new[] { 0, 1, 3, 4 })
            ids.Add(await tasks[i]);

        Assert.Equal([1L, 2L, 3L, 4L], ids);
        // Proof they were one batch: the batch ran up to the bad op and rolled back, then each op ran alone.
        Assert.Equal([2, 2, 2, 1, 1], runs);
        await using var read = db.Context();
        Assert.Equal(["job-0", "job-1", "job-3", "job-4"], await read.Jobs.OrderBy(j => j.Id).Select(j => j.Name).ToListAsync(Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task ConstraintViolation_FailsOnlyItsOwnTask_WhileTheOthersInTheBatchCommit(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct);
        await using var blocker = await Blocker.StartAsync(db.Writer);

        var before = db.Writer.WriteAsync(s => TestDatabase.AddJob(s, "before"), Ct);
        var duplicate = db.Writer.WriteAsync(s =>
        {
            s.Db.Jobs.Add(TestDatabase.NewJob(1, "duplicate"));
            return 0;
        }, Ct);
        var after = db.Writer.WriteAsync(s => TestDatabase.AddJob(s, "after"), Ct);
        blocker.Release();

        await Assert.ThrowsAsync<DbUpdateException>(() => duplicate);
        Assert.Equal(2, await before);
        Assert.Equal(3, await after);
        await using var read = db.Context();
        Assert.Equal(["job", "before", "after"], await read.Jobs.OrderBy(j => j.Id).Select(j => j.Name).ToListAsync(Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task FailingOperation_LeavesTheWriterRunning(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Writer.WriteAsync<int>(_ => throw new InvalidOperationException(), Ct));

        Assert.Equal(1, await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task FailingOperation_RollsBackWhatItAlreadyWrote(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Writer.WriteAsync<long>(s =>
        {
            TestDatabase.AddJob(s);
            s.Db.SaveChanges();
            s.Audit("alice", "job.submit", "job/1", "ok");
            throw new InvalidOperationException();
        }, Ct));

        await using var read = db.Context();
        Assert.Equal(0, await read.Jobs.CountAsync(Ct));
        Assert.Equal(0, await read.Audit.CountAsync(Ct));
        Assert.Equal(0, db.Writer.LastAuditSeq);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task AfterCommit_RunsOnlyOnceTheChangeIsCommitted(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var seen = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        await db.Writer.WriteAsync(s =>
        {
            var id = TestDatabase.AddJob(s);
            s.AfterCommit(() =>
            {
                // Another connection sees the row only if the transaction has committed.
                using var other = db.Context();
                seen.TrySetResult(other.Jobs.Count(j => j.Id == id));
            });
            return id;
        }, Ct);

        Assert.Equal(1, await seen.Task.WaitAsync(Deadline, Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task AfterCommit_HasRun_WhenTheCallerIsAnswered(MetadataProvider provider)
    {
        // A revoked token's cache is emptied after commit: the caller told "revoked" must not find it still cached.
        // The action gives the caller a second to be answered first; it never can be when actions run before answers
        // (so this cannot fail spuriously), and with the old order it always was on an idle machine.
        await using var db = await TestDatabase.CreateAsync(provider);
        using var answered = new ManualResetEventSlim();
        bool? answeredFirst = null;
        var write = db.Writer.WriteAsync(s =>
        {
            TestDatabase.AddJob(s);
            s.AfterCommit(() => answeredFirst = answered.Wait(TimeSpan.FromSeconds(1)));
            return true;
        }, Ct);
        await write.WaitAsync(Deadline, Ct);
        answered.Set();
        Assert.False(answeredFirst);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task AfterCommit_NeverRuns_WhenTheOperationFails(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var ran = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Writer.WriteAsync<int>(s =>
        {
            s.AfterCommit(() => Interlocked.Increment(ref ran));
            throw new InvalidOperationException();
        }, Ct));
        // The writer is sequential: once a later write is done, any action of the failed one would have run.
        await db.Writer.WriteAsync(_ => 0, Ct);

        Assert.Equal(0, Volatile.Read(ref ran));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task AfterCommit_NeverRuns_WhenTheCommitFails(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct);
        var ran = 0;

        await Assert.ThrowsAsync<DbUpdateException>(() => db.Writer.WriteAsync(s =>
        {
            s.Db.Jobs.Add(TestDatabase.NewJob(1));
            s.AfterCommit(() => Interlocked.Increment(ref ran));
            return 0;
        }, Ct));
        await db.Writer.WriteAsync(_ => 0, Ct);

        Assert.Equal(0, Volatile.Read(ref ran));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task AfterCommit_InABatchThatWasRetried_RunsExactlyOncePerCommittedOperation(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var blocker = await Blocker.StartAsync(db.Writer);
        var actions = new int[4];

        var tasks = Enumerable.Range(0, 4).Select(i => db.Writer.WriteAsync(s =>
        {
            s.AfterCommit(() => Interlocked.Increment(ref actions[i]));
            return i == 1 ? throw new InvalidOperationException() : i;
        }, Ct)).ToArray();
        blocker.Release();
        await Task.WhenAll(tasks).ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default);
        await db.Writer.WriteAsync(_ => 0, Ct);

        Assert.Equal([1, 0, 1, 1], actions);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task AfterCommit_ThatThrows_DoesNotStopTheWriter_NorTheOtherActions(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var blocker = await Blocker.StartAsync(db.Writer);
        var ran = new int[3];

        // One batch: the middle operation's action throws after its change has committed.
        var tasks = Enumerable.Range(0, 3).Select(i => db.Writer.WriteAsync(s =>
        {
            var id = TestDatabase.AddJob(s);
            s.AfterCommit(() =>
            {
                Interlocked.Increment(ref ran[i]);
                if (i == 1)
                    throw new InvalidOperationException("listener failed");
            });
            return id;
        }, Ct)).ToArray();
        blocker.Release();

        var ids = await Task.WhenAll(tasks).WaitAsync(Deadline, Ct);
        Assert.Equal([1L, 2L, 3L], ids);
        var next = await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct).WaitAsync(Deadline, Ct);
        Assert.Equal(4, next);
        Assert.Equal([1, 1, 1], ran);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Dispose_FinishesTheWritesAlreadyQueued(MetadataProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var tasks = Enumerable.Range(0, 50).Select(_ => db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct)).ToArray();

        await db.Writer.DisposeAsync();

        Assert.Equal(50, (await Task.WhenAll(tasks).WaitAsync(Deadline, Ct)).Distinct().Count());
        await using (var read = db.Context())
            Assert.Equal(50, await read.Jobs.CountAsync(Ct));
        await db.DisposeAsync();
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Write_AfterDispose_Throws(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.Writer.DisposeAsync();

        // Refused at once, not left queued for a writer that will never run it.
        Assert.Throws<ObjectDisposedException>(() => { _ = db.Writer.WriteAsync(_ => 0, Ct); });
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task TokenIds_AreDense_AndContinueAfterARestart(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        long AddToken(WriteScope s)
        {
            var id = s.NextTokenId();
            s.Db.Tokens.Add(new Records.TokenRecord { Id = id, Name = $"t{id}", User = "alice", Hash = $"hash-{id}" });
            return id;
        }

        Assert.Equal(1, await db.Writer.WriteAsync(AddToken, Ct));
        Assert.Equal(2, await db.Writer.WriteAsync(AddToken, Ct));
        await db.RestartAsync();

        Assert.Equal(3, await db.Writer.WriteAsync(AddToken, Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Restart_ContinuesJobIdsWhereTheLastWriterStopped(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        for (var i = 0; i < 3; i++)
            await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct);

        await db.RestartAsync();

        Assert.Equal(4, await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct));
    }

    /// <summary>Holds the writer thread inside one operation so later writes queue up into one batch.</summary>
    private sealed class Blocker : IAsyncDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        private Blocker()
        {
        }

        public Task Done { get; private set; } = Task.CompletedTask;

        public static async Task<Blocker> StartAsync(MetadataWriter writer)
        {
            var blocker = new Blocker();
            var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            blocker.Done = writer.WriteAsync(_ =>
            {
                entered.TrySetResult();
                return blocker._release.Wait(Deadline);
            }, Ct);
            await entered.Task.WaitAsync(Deadline, Ct);
            return blocker;
        }

        public void Release() => _release.Set();

        public async ValueTask DisposeAsync()
        {
            _release.Set();
            await Done.WaitAsync(Deadline);
            _release.Dispose();
        }
    }
}
