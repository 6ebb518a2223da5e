using Gantry.Core.Api.Data;
using Gantry.Server;
using Gantry.Server.Data;
using Microsoft.Data.Sqlite;
using static Gantry.IntegrationTests.DataTestKit;

namespace Gantry.IntegrationTests;

/// <summary>Start-up of the data store: the master key file, keys from the environment, and older databases without the data tables.</summary>
public sealed class DataStartupTests : IAsyncLifetime
{
    private string _work = null!;

    public ValueTask InitializeAsync()
    {
        _work = Directory.CreateTempSubdirectory("gantry-datastart-").FullName;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task FirstStart_CreatesAKeyFileWithMode0600_SaysSo_AndLaterStartsReadTheSameData()
    {
        await using var server = await TestServer.StartAsync();
        var keyFile = Path.Join(server.DataDir, "master.key");
        var note = server.App.Services.DataStartupNote();
        using (var client = ApiClient(server))
        {
            await client.CreateDatasetAsync(new CreateDatasetRequest("kept"), Ct);
            await Transfer(client).PushAsync("kept", Tree(Path.Join(_work, "tree"), seed: 51, small: 5, large: 1), Ct);
        }

        await server.RestartAsync();
        using var again = ApiClient(server);
        var pulled = await Transfer(again).PullAsync("kept", 1, Path.Join(_work, "pulled"), Ct);

        Assert.Contains("Created master key file", note);
        Assert.Contains("losing it loses every dataset and model", note);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Null(server.App.Services.DataStartupNote());
        Assert.Equal(await HashOfAsync(Path.Join(_work, "tree")), await HashOfAsync(pulled.Directory));
    }

    [Fact]
    public async Task KeyFileOthersCanRead_StopsTheStart_WithTheFix()
    {
        var dataDir = Path.Join(_work, "data");
        await (await StartAppAsync(dataDir)).DisposeAsync();

        File.SetUnixFileMode(Path.Join(dataDir, "master.key"), (UnixFileMode)0b110_100_100);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAppAsync(dataDir));

        Assert.Contains("chmod 600", failure.Message);
    }

    [Fact]
    public async Task KeysFromTheEnvironment_CreateNoFile()
    {
        var config = TestServer.DefaultConfig();
        config["MASTER_KEY"] = "env-key:" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var server = await TestServer.StartAsync(config);
        using var client = ApiClient(server);
        await client.CreateDatasetAsync(new CreateDatasetRequest("env"), Ct);
        await Transfer(client).PushAsync("env", Tree(Path.Join(_work, "tree"), seed: 52, small: 3, large: 0), Ct);

        var rotated = await client.RotateMasterKeyAsync(Ct);

        Assert.False(File.Exists(Path.Join(server.DataDir, "master.key")));
        Assert.Null(server.App.Services.DataStartupNote());
        Assert.False(rotated.KeyAdded);
        Assert.Equal("env-key", rotated.CurrentKeyId);
    }

    [Fact]
    public async Task LostKeyFile_IsReportedAtStart_WhenTheStoreHoldsChunks()
    {
        var dataDir = Path.Join(_work, "data");
        await using (var app = await StartAppAsync(dataDir))
        {
            using var client = AppClient(app, dataDir);
            await client.CreateDatasetAsync(new CreateDatasetRequest("orphaned"), Ct);
            await Transfer(client).PushAsync("orphaned", Tree(Path.Join(_work, "tree"), seed: 53, small: 3, large: 0), Ct);
        }

        File.Delete(Path.Join(dataDir, "master.key"));
        await using var restarted = await StartAppAsync(dataDir);

        Assert.Contains("WARNING", restarted.Services.DataStartupNote());
        using var again = AppClient(restarted, dataDir);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Transfer(again).PullAsync("orphaned", 1, Path.Join(_work, "pulled"), Ct));
        Assert.Contains("not in the keyring", failure.Message);
    }

    [Fact]
    public async Task SqliteDatabaseFromBeforeTheDataTablesAndMigrations_GetsThemAtStart()
    {
        var dataDir = Path.Join(_work, "data");
        var sqlite = new Dictionary<string, string?>(TestServer.DefaultConfig()) { ["Metadata:Provider"] = "sqlite" };
        await (await StartAppAsync(dataDir, sqlite)).DisposeAsync();

        // Such a release made its schema with EnsureCreated: no migration history, and no data tables yet.
        await using (var db = new SqliteConnection($"Data Source={Path.Join(dataDir, "gantry.db")};Pooling=False"))
        {
            await db.OpenAsync(Ct);
            foreach (var table in Gantry.Storage.Data.DataModel.Tables.Append("__EFMigrationsHistory"))
            {
                await using var drop = db.CreateCommand();
                drop.CommandText = $"DROP TABLE \"{table}\"";
                await drop.ExecuteNonQueryAsync(Ct);
            }
        }

        await using var upgraded = await StartAppAsync(dataDir, sqlite);
        using var client = AppClient(upgraded, dataDir);
        var created = await client.CreateDatasetAsync(new CreateDatasetRequest("after-upgrade"), Ct);

        Assert.Equal("after-upgrade", created.Name);
    }

    // A server on a data directory that outlives it (TestServer deletes its directory when disposed).
    private static Task<GantryApp> StartAppAsync(string dataDir, Dictionary<string, string?>? config = null) =>
        GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), TestMetadata.With(config ?? TestServer.DefaultConfig(), dataDir), Ct);

    private static Gantry.Client.GantryClient AppClient(GantryApp app, string dataDir) =>
        new(new Uri(app.Address), File.ReadAllText(Path.Join(dataDir, "admin.token")).Trim());
}
