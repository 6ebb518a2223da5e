using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage.Data;

/// <summary>
/// Adds the data tables to a metadata database created before they existed. <c>EnsureCreated</c> does nothing
/// on an existing database, so the statements for these tables are taken from the model's create script and
/// run with <c>IF NOT EXISTS</c>: additive, idempotent, and a no-op on a new database.
/// </summary>
public static class DataSchema
{
    public static async Task EnsureTablesAsync(MetadataStore store, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var script = db.Database.GenerateCreateScript();
        var statements = script.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => DataModel.Tables.Any(t => Names(s, t)))
            .Select(s => s
                .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal))
            .ToList();
        foreach (var statement in statements)
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
            }
            catch (SqliteException e)
            {
                throw new InvalidOperationException($"could not add the data tables to the metadata database: {e.Message}", e);
            }
        }
    }

    // A statement belongs to a table when it creates it or an index on it.
    private static bool Names(string statement, string table) =>
        statement.StartsWith($"CREATE TABLE \"{table}\"", StringComparison.Ordinal)
        || (statement.StartsWith("CREATE ", StringComparison.Ordinal) && statement.Contains($" ON \"{table}\" ", StringComparison.Ordinal));
}
