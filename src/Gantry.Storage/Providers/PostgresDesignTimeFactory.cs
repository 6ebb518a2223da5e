using Microsoft.EntityFrameworkCore.Design;

namespace Gantry.Storage.Providers;

/// <summary>
/// What <c>dotnet ef migrations add</c> (scripts/add-migration) builds the model with. Adding a migration compares
/// the model with the snapshot only: no database is opened, so these addresses are never contacted.
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGantryDbContext>
{
    public PostgresGantryDbContext CreateDbContext(string[] args) =>
        (PostgresGantryDbContext)MetadataStore.Postgres("Host=127.0.0.1;Database=gantry_design_time").CreateContext();
}
