using Gantry.Storage.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gantry.Storage;

/// <summary>Creates contexts on the configured metadata database and prepares its schema.</summary>
public sealed class MetadataStore
{
    private readonly Func<GantryDbContext> _create;

    private MetadataStore(MetadataProvider provider, Func<GantryDbContext> create, string description, string? connectionString)
    {
        Provider = provider;
        _create = create;
        Description = description;
        ConnectionString = connectionString;
    }

    /// <summary>Where the metadata lives, for logs ("sqlite:/path/gantry.db", "postgres:host:5432/gantry").</summary>
    public string Description { get; }

    public MetadataProvider Provider { get; }

    /// <summary>
    /// True when several servers may write this database (PostgreSQL): writes are serialized across them and
    /// one server leads. SQLite belongs to one server, which always leads.
    /// </summary>
    public bool IsShared => Provider == MetadataProvider.Postgres;

    /// <summary>The PostgreSQL connection string (leader election opens its own session with it); null on SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>The embedded default: one SQLite file in the data directory.</summary>
    public static MetadataStore Sqlite(string databasePath)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        var options = new DbContextOptionsBuilder<SqliteGantryDbContext>()
            .UseSqlite(connection)
            .AddInterceptors(new SqlitePragmas())
            .Options;
        return new MetadataStore(MetadataProvider.Sqlite, () => new SqliteGantryDbContext(options), "sqlite:" + databasePath, null);
    }

    /// <summary>A PostgreSQL database (created by the first start when the role may create databases).</summary>
    public static MetadataStore Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var options = new DbContextOptionsBuilder<PostgresGantryDbContext>()
            .UseNpgsql(connectionString)
            .Options;
        var description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
        return new MetadataStore(MetadataProvider.Postgres, () => new PostgresGantryDbContext(options), description, connectionString);
    }

    public GantryDbContext CreateContext() => _create();

    /// <summary>
    /// Brings the schema up to date by applying pending migrations. A SQLite file from a release that created its
    /// schema without migrations is first adopted as the initial migration (see <see cref="SqliteBaseline"/>).
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        if (Provider == MetadataProvider.Sqlite)
            await SqliteBaseline.AdoptAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Called first in every write transaction. On a shared database it waits for the transaction-scoped
    /// advisory lock, so the writes of all servers commit one after another (the audit chain stays linear and
    /// ids stay unique); the lock goes with the commit or rollback. SQLite has one writer already.
    /// </summary>
    internal void SerializeWrites(GantryDbContext db)
    {
        if (IsShared)
            db.Database.ExecuteSql($"SELECT pg_advisory_xact_lock({PostgresLocks.Writes})");
    }
}
