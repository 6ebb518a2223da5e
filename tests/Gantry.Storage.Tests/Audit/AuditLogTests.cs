using Gantry.Core.Api;
using Gantry.Storage.Audit;
using Gantry.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Tests.Audit;

/// <summary>The audit log as written by <see cref="MetadataWriter"/> and checked by <see cref="AuditVerifier"/>, on a real file.</summary>
public sealed class AuditLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task WriteEntriesAsync(TestDatabase db, int count, int perWrite = 1)
    {
        for (var written = 0; written < count;)
        {
            var n = Math.Min(perWrite, count - written);
            var first = written;
            await db.Writer.WriteAsync(s =>
            {
                for (var i = 0; i < n; i++)
                    s.Audit($"user{(first + i) % 3}", "job.submit", $"job/{first + i + 1}", "ok", $"entry {first + i + 1}");
                return 0;
            }, Ct);
            written += n;
            db.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<AuditVerifyResult> VerifyAsync(TestDatabase db, long? expectedLastSeq = null)
    {
        await using var context = db.Context();
        return await AuditVerifier.VerifyAsync(context, expectedLastSeq, Ct);
    }

    private static async Task ChangeAsync(TestDatabase db, long seq, Action<AuditRecord> change)
    {
        await using var context = db.Context();
        var entry = await context.Audit.SingleAsync(a => a.Seq == seq, Ct);
        change(entry);
        await context.SaveChangesAsync(Ct);
    }

    private static async Task DeleteAsync(TestDatabase db, long seq)
    {
        await using var context = db.Context();
        Assert.Equal(1, await context.Audit.Where(a => a.Seq == seq).ExecuteDeleteAsync(Ct));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Audit_EntriesChain_AndVerify(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 3);
        await WriteEntriesAsync(db, 4, perWrite: 4);

        var result = await VerifyAsync(db, expectedLastSeq: 7);

        Assert.Equal(new AuditVerifyResult(true, 7, null, null), result);
        Assert.Equal(7, db.Writer.LastAuditSeq);
        await using var context = db.Context();
        var entries = await context.Audit.OrderBy(a => a.Seq).ToListAsync(Ct);
        Assert.Equal(AuditChain.Genesis, entries[0].PrevHash);
        for (var i = 1; i < entries.Count; i++)
            Assert.Equal(entries[i - 1].Hash, entries[i].PrevHash);
        Assert.Equal(TestDatabase.Start.ToUnixTimeMilliseconds(), entries[0].AtMs);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_EmptyLog_IsOk(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        Assert.Equal(new AuditVerifyResult(true, 0, null, null), await VerifyAsync(db, expectedLastSeq: 0));
    }

    public static TheoryData<MetadataProvider, string> Fields()
    {
        var data = new TheoryData<MetadataProvider, string>();
        foreach (var provider in new Providers())
        {
            foreach (var field in new[] { "Detail", "Actor", "AtMs", "Action", "Target", "Outcome" })
                data.Add(provider.Data, field);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Verify_ReportsTheEntryWhoseFieldWasAltered(MetadataProvider provider, string field)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 5);

        await ChangeAsync(db, 3, e =>
        {
            switch (field)
            {
                case "Detail": e.Detail = "nothing to see"; break;
                case "Actor": e.Actor = "mallory"; break;
                case "AtMs": e.AtMs -= 60_000; break;
                case "Action": e.Action = "job.cancel"; break;
                case "Target": e.Target = null; break;
                case "Outcome": e.Outcome = "denied"; break;
                default: throw new ArgumentOutOfRangeException(nameof(field));
            }
        });
        var result = await VerifyAsync(db, expectedLastSeq: 5);

        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSeq);
        Assert.Equal(2, result.Entries);
        Assert.Equal("entry 3 was changed after it was written", result.Problem);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_ReportsAnEntryRewrittenWithAFreshHash_AtTheNextLink(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 5);

        await ChangeAsync(db, 2, e =>
        {
            e.Detail = "forged";
            e.Hash = AuditChain.ComputeHash(e);
        });
        var result = await VerifyAsync(db);

        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSeq);
        Assert.Equal("entry 3 does not chain to entry 2: an earlier entry was changed or removed", result.Problem);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_ReportsADeletedMiddleEntry(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 5);

        await DeleteAsync(db, 3);
        var result = await VerifyAsync(db, expectedLastSeq: 5);

        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSeq);
        Assert.Equal("entry 3 is missing: it was removed", result.Problem);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_ReportsADeletedFirstEntry(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 3);

        await DeleteAsync(db, 1);
        var result = await VerifyAsync(db);

        Assert.False(result.Ok);
        Assert.Equal(1, result.FirstBadSeq);
        Assert.Equal(0, result.Entries);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_ReportsADeletedLastEntry_GivenTheExpectedLastSeq(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 5);

        await DeleteAsync(db, 5);
        var result = await VerifyAsync(db, expectedLastSeq: db.Writer.LastAuditSeq);

        Assert.False(result.Ok);
        Assert.Equal(5, result.FirstBadSeq);
        Assert.Equal(4, result.Entries);
        Assert.Equal("entries 5 to 5 were removed from the end of the log", result.Problem);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_ReportsSeveralEntriesCutFromTheEnd(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 6);

        await DeleteAsync(db, 6);
        await DeleteAsync(db, 5);
        var result = await VerifyAsync(db, expectedLastSeq: 6);

        Assert.Equal(5, result.FirstBadSeq);
        Assert.Equal("entries 5 to 6 were removed from the end of the log", result.Problem);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_EmptiedLog_IsReported_GivenTheExpectedLastSeq(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 2);

        await DeleteAsync(db, 2);
        await DeleteAsync(db, 1);

        Assert.Equal(1, (await VerifyAsync(db, expectedLastSeq: 2)).FirstBadSeq);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Verify_AcrossPages_FindsAChangeAndAGapAtThePageBoundary(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 4500, perWrite: 500);
        Assert.Equal(new AuditVerifyResult(true, 4500, null, null), await VerifyAsync(db, expectedLastSeq: 4500));

        await ChangeAsync(db, 2001, e => e.Detail = "x");
        Assert.Equal(2001, (await VerifyAsync(db)).FirstBadSeq);

        await DeleteAsync(db, 2000);
        var result = await VerifyAsync(db);
        Assert.Equal(2000, result.FirstBadSeq);
        Assert.Equal("entry 2000 is missing: it was removed", result.Problem);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Audit_LongDetail_IsCutTo2000Characters_AndStillVerifies(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        await db.Writer.WriteAsync(s =>
        {
            s.Audit("alice", "job.submit", null, "ok", new string('d', 5000));
            return 0;
        }, Ct);

        await using var context = db.Context();
        Assert.Equal(2000, (await context.Audit.SingleAsync(Ct)).Detail!.Length);
        Assert.True((await VerifyAsync(db, 1)).Ok);
    }

    [Theory]
    [InlineData(MetadataProvider.Sqlite, "emoji 😀 and ünïcödé")]
    [InlineData(MetadataProvider.Sqlite, "line\nbreak\ttab")]
    [InlineData(MetadataProvider.Sqlite, "")]
    [InlineData(MetadataProvider.Postgres, "emoji 😀 and ünïcödé")]
    [InlineData(MetadataProvider.Postgres, "line\nbreak\ttab")]
    [InlineData(MetadataProvider.Postgres, "")]
    public async Task Audit_UnusualText_RoundTripsThroughTheFile_AndVerifies(MetadataProvider provider, string detail)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        await db.Writer.WriteAsync(s =>
        {
            s.Audit("ålice", "job.submit", detail, "ok", detail);
            return 0;
        }, Ct);
        await db.RestartAsync();

        Assert.True((await VerifyAsync(db, 1)).Ok);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Audit_DetailCutInsideASurrogatePair_StillVerifies(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        await db.Writer.WriteAsync(s =>
        {
            s.Audit("alice", "job.submit", null, "ok", new string('d', 1999) + "😀 and more");
            return 0;
        }, Ct);

        var result = await VerifyAsync(db, 1);
        Assert.True(result.Ok, result.Problem);
        await using var context = db.Context();
        Assert.Equal(new string('d', 1999), (await context.Audit.SingleAsync(Ct)).Detail); // no half of the pair is kept
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Audit_OfAFailedWrite_IsNotInTheChain(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Writer.WriteAsync<int>(s =>
        {
            s.Audit("alice", "job.submit", null, "ok");
            throw new InvalidOperationException();
        }, Ct));
        await WriteEntriesAsync(db, 1);

        Assert.Equal(3, db.Writer.LastAuditSeq);
        Assert.Equal(new AuditVerifyResult(true, 3, null, null), await VerifyAsync(db, 3));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Audit_FromABatchWithAFailingOperation_StaysAnUnbrokenChain(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var gate = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = db.Writer.WriteAsync(s =>
        {
            s.Audit("system", "start", null, "ok");
            entered.TrySetResult();
            return gate.Wait(TimeSpan.FromSeconds(30));
        }, Ct);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var tasks = Enumerable.Range(0, 6).Select(i => db.Writer.WriteAsync(s =>
        {
            s.Audit($"user{i}", "job.submit", $"job/{i}", "ok");
            return i == 2 ? throw new InvalidOperationException() : i;
        }, Ct)).ToArray();
        gate.Set();
        await blocker;
        await Task.WhenAll(tasks).ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default);
        gate.Dispose();

        Assert.Equal(6, db.Writer.LastAuditSeq);
        Assert.Equal(new AuditVerifyResult(true, 6, null, null), await VerifyAsync(db, 6));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task Restart_ContinuesTheAuditChainWhereTheLastWriterStopped(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await WriteEntriesAsync(db, 3);
        string lastHash;
        await using (var context = db.Context())
            lastHash = (await context.Audit.SingleAsync(a => a.Seq == 3, Ct)).Hash;

        await db.RestartAsync();
        Assert.Equal(3, db.Writer.LastAuditSeq);
        await WriteEntriesAsync(db, 2);

        await using (var context = db.Context())
            Assert.Equal(lastHash, (await context.Audit.SingleAsync(a => a.Seq == 4, Ct)).PrevHash);
        Assert.Equal(5, db.Writer.LastAuditSeq);
        Assert.Equal(new AuditVerifyResult(true, 5, null, null), await VerifyAsync(db, 5));
    }
}
