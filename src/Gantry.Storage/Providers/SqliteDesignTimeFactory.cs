using Microsoft.EntityFrameworkCore.Design;

namespace Gantry.Storage.Providers;

/// <summary>
/// What <c>dotnet ef migrations add</c> (scripts/add-migration) builds the model with. Adding a migration compares
/// the model with the snapshot only: no database is opened, so these addresses are never contacted.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGantryDbContext>
{
    public SqliteGantryDbContext CreateDbContext(string[] args) =>
        (SqliteGantryDbContext)MetadataStore.Sqlite(Path.Combine(Path.GetTempPath(), "gantry-design-time.db")).CreateContext();
}
