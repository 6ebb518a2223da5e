using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Gantry.Storage;

/// <summary>
/// Adopts a SQLite file from a release before migrations: its schema was made by <c>EnsureCreated</c> (plus the
/// data tables added at start-up), so it has the tables of the initial migration but no
/// <c>__EFMigrationsHistory</c>. The initial migration's script is run with <c>IF NOT EXISTS</c> — creating only
/// tables that file lacks, and recording the migration as applied — after which later migrations apply as usual.
/// A file whose tables lack columns of the initial migration is refused with a clear message rather than guessed at.
/// </summary>
internal static class SqliteBaseline
{
    private const string HistoryTable = "__EFMigrationsHistory";

    public static async Task AdoptAsync(GantryDbContext db, CancellationToken cancellationToken)
    {
        var tables = await TablesAsync(db, cancellationToken);
        if (tables.Contains(HistoryTable) || !tables.Contains("users"))
            return; // migrated already, or a new database: MigrateAsync does the rest

        // The first migration of the SQLite set is the schema of the last release without migrations.
        var migrations = db.GetService<IMigrationsAssembly>();
        var (initialId, type) = migrations.Migrations.First();
        var initial = migrations.CreateMigration(type, db.Database.ProviderName!);
        foreach (var create in initial.UpOperations.OfType<CreateTableOperation>().Where(t => tables.Contains(t.Name)))
        {
            var present = await ColumnsAsync(db, create.Name, cancellationToken);
            var missing = create.Columns.Select(c => c.Name).Where(c => !present.Contains(c)).ToArray();
            if (missing.Length > 0)
            {
                throw new InvalidOperationException(
                    $"the metadata database predates this release's baseline: table '{create.Name}' lacks {string.Join(", ", missing)}. " +
                    "Start this release on a fresh data directory (see docs/operations.md, \"Upgrading a SQLite data directory\").");
            }
        }

        var script = db.GetService<IMigrator>().GenerateScript(Migration.InitialDatabase, initialId)
            .Replace("CREATE TABLE \"", "CREATE TABLE IF NOT EXISTS \"", StringComparison.Ordinal)
            .Replace("CREATE UNIQUE INDEX \"", "CREATE UNIQUE INDEX IF NOT EXISTS \"", StringComparison.Ordinal)
            .Replace("CREATE INDEX \"", "CREATE INDEX IF NOT EXISTS \"", StringComparison.Ordinal);
        await ExecuteAsync(db, script, cancellationToken);
    }

    private static async Task<HashSet<string>> TablesAsync(GantryDbContext db, CancellationToken cancellationToken) =>
        await ReadNamesAsync(db, "SELECT name FROM sqlite_master WHERE type = 'table'", cancellationToken);

    private static async Task<HashSet<string>> ColumnsAsync(GantryDbContext db, string table, CancellationToken cancellationToken) =>
        await ReadNamesAsync(db, $"SELECT name FROM pragma_table_info('{table.Replace("'", "''", StringComparison.Ordinal)}')", cancellationToken);

    private static async Task<HashSet<string>> ReadNamesAsync(GantryDbContext db, string sql, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                names.Add(reader.GetString(0));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return names;
    }

    private static async Task ExecuteAsync(GantryDbContext db, string script, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = script;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
