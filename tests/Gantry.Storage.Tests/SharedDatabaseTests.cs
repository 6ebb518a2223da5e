using Gantry.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Tests;

/// <summary>Two writers on one PostgreSQL database, as two Gantry servers sharing it have.</summary>
public sealed class SharedDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoWriters_WritingAtOnce_KeepJobIdsUniqueAndDense_AndTheAuditChainLinear()
    {
        const int PerWriter = 150;
        await using var db = await TestDatabase.CreateAsync(MetadataProvider.Postgres);
        await using var other = new MetadataWriter(MetadataStore.Postgres(ConnectionStringOf(db)), db.Clock);
        await other.StartAsync(Ct);

        var writes = new[] { db.Writer, other }.SelectMany((writer, w) => Enumerable.Range(0, PerWriter).Select(i => Task.Run(
            () => writer.WriteAsync(s =>
            {
                var id = TestDatabase.AddJob(s, $"w{w}-{i}");
                s.Audit($"writer{w}", "job.submit", $"job/{id}", "ok");
                return id;
            }, Ct), Ct)));
        var ids = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(1, 2 * PerWriter).Select(i => (long)i), ids.Order());
        await using var context = db.Context();
        var verify = await AuditVerifier.VerifyAsync(context, 2 * PerWriter, Ct);
        Assert.True(verify.Ok, verify.Problem);
        Assert.Equal(2 * PerWriter, verify.Entries);
        Assert.Equal(PerWriter, await context.Audit.CountAsync(a => a.Actor == "writer1", Ct));
    }

    [Fact]
    public async Task AWriter_ContinuesTheChainAndIds_AfterAnotherWriterWrote()
    {
        await using var db = await TestDatabase.CreateAsync(MetadataProvider.Postgres);
        await using var other = new MetadataWriter(MetadataStore.Postgres(ConnectionStringOf(db)), db.Clock);
        await other.StartAsync(Ct);

        var first = await db.Writer.WriteAsync(s => TestDatabase.AddJob(s, "here"), Ct);
        var second = await other.WriteAsync(s => TestDatabase.AddJob(s, "there"), Ct);
        var third = await db.Writer.WriteAsync(s =>
        {
            var id = TestDatabase.AddJob(s, "here again");
            s.Audit("alice", "job.submit", $"job/{id}", "ok");
            return id;
        }, Ct);
        await other.WriteAsync(s =>
        {
            s.Audit("bob", "job.cancel", "job/1", "ok");
            return 0;
        }, Ct);

        Assert.Equal([1L, 2L, 3L], [first, second, third]);
        await using var context = db.Context();
        var verify = await AuditVerifier.VerifyAsync(context, other.LastAuditSeq, Ct);
        Assert.True(verify.Ok, verify.Problem);
        Assert.Equal(2, verify.Entries);
    }

    private static string ConnectionStringOf(TestDatabase db) => db.Store.ConnectionString!;
}
