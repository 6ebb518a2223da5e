using Gantry.Core.Jobs;
using Gantry.Storage.Records;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Storage.Tests;

/// <summary>A real SQLite file in its own temporary directory, with a started writer on a fake clock.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private readonly string _directory;

    private TestDatabase(string directory)
    {
        _directory = directory;
        Path = System.IO.Path.Combine(directory, "gantry.db");
        Store = MetadataStore.Sqlite(Path);
        Writer = new MetadataWriter(Store, Clock);
    }

    public string Path { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public MetadataStore Store { get; private set; }

    public MetadataWriter Writer { get; private set; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gantry-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var db = new TestDatabase(directory);
        await db.Store.InitializeAsync(TestContext.Current.CancellationToken);
        await db.Writer.StartAsync(TestContext.Current.CancellationToken);
        return db;
    }

    /// <summary>Stops the writer, drops every pooled connection, and opens the file afresh as a restarted server would.</summary>
    public async Task RestartAsync()
    {
        await Writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Store = MetadataStore.Sqlite(Path);
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
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not a test failure.
        }
    }
}
