using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gantry.Storage;

/// <summary>Creates contexts on the configured metadata database and prepares its schema.</summary>
public sealed class MetadataStore
{
    private readonly DbContextOptions<GantryDbContext> _options;

    private MetadataStore(DbContextOptions<GantryDbContext> options, string description)
    {
        _options = options;
        Description = description;
    }

    /// <summary>Where the metadata lives, for logs ("sqlite:/path/gantry.db").</summary>
    public string Description { get; }

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
        var options = new DbContextOptionsBuilder<GantryDbContext>()
            .UseSqlite(connection)
            .AddInterceptors(new SqlitePragmas())
            .Options;
        return new MetadataStore(options, "sqlite:" + databasePath);
    }

    public GantryDbContext CreateContext() => new(_options);

    /// <summary>Creates the schema when the database is new.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}
