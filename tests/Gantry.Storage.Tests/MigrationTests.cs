using System.Data.Common;
using Gantry.Storage.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gantry.Storage.Tests;

public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Opens no database: the model is compared with the provider's migration snapshot.
    private static MetadataStore StoreFor(MetadataProvider provider) => provider == MetadataProvider.Postgres
        ? MetadataStore.Postgres("Host=127.0.0.1;Database=gantry_model_check")
        : MetadataStore.Sqlite(Path.Combine(Path.GetTempPath(), "gantry-model-check.db"));

    [Theory]
    [ClassData(typeof(Providers))]
    public void Model_HasNoChanges_ThatNoMigrationCaptures(MetadataProvider provider)
    {
        using var db = StoreFor(provider).CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), $"the model changed but the {provider} migrations do not say so: run scripts/add-migration NAME");
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task NewDatabase_GetsEveryMigration(MetadataProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var context = db.Context();

        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task SqliteFileFromBeforeMigrations_IsAdopted_KeepingItsData()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "gantry.db");
        await MakePreMigrationFileAsync(path, dropDataTables: true);
        await ExecuteAsync(path, "INSERT INTO users (Name, IsAdmin, CreatedAtMs) VALUES ('old-admin', 1, 42)");

        var store = MetadataStore.Sqlite(path);
        await store.InitializeAsync(Ct);

        await using var context = store.CreateContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal("old-admin", (await context.Users.SingleAsync(Ct)).Name);
        Assert.Equal(0, await context.Set<DatasetRecord>().CountAsync(Ct));
    }

    [Fact]
    public async Task SqliteFileFromBeforeMigrations_LackingAColumn_IsRefused_NamingTheColumn()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "gantry.db");
        await MakePreMigrationFileAsync(path, dropDataTables: false);
        await ExecuteAsync(path, "ALTER TABLE jobs DROP COLUMN Borrowed");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => MetadataStore.Sqlite(path).InitializeAsync(Ct));

        Assert.Contains("table 'jobs' lacks Borrowed", failure.Message);
        Assert.Contains("fresh data directory", failure.Message);
    }

    /// <summary>What a release before migrations left: the initial schema without __EFMigrationsHistory.</summary>
    private static async Task MakePreMigrationFileAsync(string path, bool dropDataTables)
    {
        await using (var context = MetadataStore.Sqlite(path).CreateContext())
        {
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync(context.Database.GetMigrations().First(), Ct);
        }

        await ExecuteAsync(path, "DROP TABLE \"__EFMigrationsHistory\"");
        if (dropDataTables)
        {
            foreach (var table in DataModel.Tables)
                await ExecuteAsync(path, $"DROP TABLE \"{table}\"");
        }
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("gantry-migration-").FullName;

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }
}
