using Gantry.Core.Jobs;
using Gantry.Storage.Records;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Gantry.Storage.Tests;

/// <summary>
/// A real metadata database with a started writer on a fake clock: a SQLite file in its own temporary directory,
/// or a fresh PostgreSQL database on the server named by <c>GANTRY_TEST_POSTGRES</c>.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private readonly string? _directory;
    private readonly string? _postgres;

    private TestDatabase(MetadataProvider provider, string? directory, string? postgres)
    {
        Provider = provider;
        _directory = directory;
        _postgres = postgres;
        Path = directory is null ? string.Empty : System.IO.Path.Combine(directory, "gantry.db");
        Store = Open();
        Writer = new MetadataWriter(Store, Clock);
    }

    public MetadataProvider Provider { get; }

    /// <summary>The SQLite file; empty on PostgreSQL.</summary>
    public string Path { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public MetadataStore Store { get; private set; }

    public MetadataWriter Writer { get; private set; }

    public static async Task<TestDatabase> CreateAsync(MetadataProvider provider = MetadataProvider.Sqlite)
    {
        TestDatabase db;
        if (provider == MetadataProvider.Postgres)
        {
            Requirements.Require(TestPostgres.IsConfigured, TestPostgres.Missing);
            db = new TestDatabase(provider, null, TestPostgres.NewDatabase());
        }
        else
        {
            var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gantry-storage-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            db = new TestDatabase(provider, directory, null);
        }

        await db.Store.InitializeAsync(TestContext.Current.CancellationToken);
        await db.Writer.StartAsync(TestContext.Current.CancellationToken);
        return db;
    }

    /// <summary>Stops the writer, drops every pooled connection, and opens the database afresh as a restarted server would.</summary>
    public async Task RestartAsync()
    {
        await Writer.DisposeAsync();
        ClearPools();
        Store = Open();
        await Store.InitializeAsync(TestContext.Current.CancellationToken);
        Writer = new MetadataWriter(Store, Clock);
        await Writer.StartAsync(TestContext.Current.CancellationToken);
    }

    public GantryDbContext Context() => Store.CreateContext();

    /// <summary>Adds a job with the next id in this write, and returns the id.</summary>
    public static long AddJob(WriteScope scope, string name = "job")
    {
        var id = scope.NextJobId();
        scope.Db.Jobs.Add(NewJob(id, name, scope.NowMs));
        return id;
    }

    public static JobRecord NewJob(long id, string name = "job", long submittedAtMs = 0) => new()
    {
        Id = id,
        Name = name,
        Project = "default",
        User = "alice",
        State = JobState.Queued,
        CommandJson = """["echo","hi"]""",
        EnvJson = "{}",
        Cpus = 1,
        MemoryBytes = 512L << 20,
        Nodes = 1,
        Attempt = 1,
        SubmittedAtMs = submittedAtMs,
    };

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        ClearPools();
        if (_postgres is not null)
            await TestPostgres.DropAsync(_postgres);
        if (_directory is null)
            return;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not a test failure.
        }
    }

    private MetadataStore Open() => _postgres is not null ? MetadataStore.Postgres(_postgres) : MetadataStore.Sqlite(Path);

    private void ClearPools()
    {
        if (_postgres is not null)
            NpgsqlConnection.ClearAllPools();
        else
            SqliteConnection.ClearAllPools();
    }
}
