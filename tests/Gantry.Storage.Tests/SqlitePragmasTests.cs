using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Tests;

public sealed class SqlitePragmasTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<object?> PragmaAsync(GantryDbContext context, string pragma)
    {
        await context.Database.OpenConnectionAsync(Ct);
        await using DbCommand command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        return await command.ExecuteScalarAsync(Ct);
    }

    [Fact]
    public async Task Connection_UsesWalJournal()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var context = db.Context();
        Assert.Equal("wal", await PragmaAsync(context, "journal_mode"));
    }

    [Fact]
    public async Task Connection_UsesSynchronousFull()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var context = db.Context();
        Assert.Equal(2L, await PragmaAsync(context, "synchronous"));
    }

    [Fact]
    public async Task Connection_EnforcesForeignKeys_AndWaitsWhenBusy()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var context = db.Context();
        Assert.Equal(1L, await PragmaAsync(context, "foreign_keys"));
        Assert.Equal(10000L, await PragmaAsync(context, "busy_timeout"));
    }

    [Fact]
    public async Task Pragmas_HoldOnEveryConnection_IncludingPooledOnesAfterWrites()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 5; i++)
            await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct);

        for (var i = 0; i < 3; i++)
        {
            await using var context = db.Context();
            Assert.Equal(2L, await PragmaAsync(context, "synchronous"));
            Assert.Equal("wal", await PragmaAsync(context, "journal_mode"));
        }
    }

    [Fact]
    public async Task Database_IsAWalFileOnDisk_AfterReopening()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Writer.WriteAsync(s => TestDatabase.AddJob(s), Ct);
        await db.RestartAsync();

        // journal_mode=WAL persists in the file header: bytes 18 and 19 are 2 for WAL.
        var header = new byte[20];
        await using (var file = new FileStream(db.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            await file.ReadExactlyAsync(header, Ct);
        Assert.Equal(2, header[18]);
        Assert.Equal(2, header[19]);
    }
}
