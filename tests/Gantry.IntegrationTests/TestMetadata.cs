using System.Security.Cryptography;
using System.Text;
using Gantry.Storage.Tests;

namespace Gantry.IntegrationTests;

/// <summary>
/// Which metadata database the test servers use. By default SQLite in the data directory; with
/// <c>GANTRY_TEST_METADATA=postgres</c> (the second pass of .ci/run) a PostgreSQL database on
/// <c>GANTRY_TEST_POSTGRES</c> named after the data directory, so a restart on the same directory finds it
/// again and every fresh directory gets a fresh database.
/// </summary>
internal static class TestMetadata
{
    public static bool UsePostgres => string.Equals(Environment.GetEnvironmentVariable("GANTRY_TEST_METADATA"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The configuration keys that point a server on <paramref name="dataDir"/> at its metadata (none on SQLite).</summary>
    public static Dictionary<string, string?> For(string dataDir)
    {
        if (!UsePostgres)
            return [];
        Requirements.Require(TestPostgres.IsConfigured, TestPostgres.Missing);
        return Postgres(DatabaseFor(dataDir));
    }

    /// <summary>The keys for a PostgreSQL metadata database given by its connection string.</summary>
    public static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["Metadata:Provider"] = "postgres",
        ["Metadata:ConnectionString"] = connectionString,
    };

    /// <summary><paramref name="config"/> plus the metadata keys for <paramref name="dataDir"/>, unless it names its own.</summary>
    public static Dictionary<string, string?> With(Dictionary<string, string?> config, string dataDir)
    {
        if (config.ContainsKey("Metadata:Provider"))
            return config;
        var result = new Dictionary<string, string?>(config);
        foreach (var (key, value) in For(dataDir))
            result[key] = value;
        return result;
    }

    /// <summary>The metadata store a test server on <paramref name="dataDir"/> uses, for tests that read it directly.</summary>
    public static Gantry.Storage.MetadataStore StoreFor(string dataDir) =>
        UsePostgres ? Gantry.Storage.MetadataStore.Postgres(DatabaseFor(dataDir)) : Gantry.Storage.MetadataStore.Sqlite(Path.Combine(dataDir, "gantry.db"));

    /// <summary>Drops the PostgreSQL database of <paramref name="dataDir"/>, if the tests use PostgreSQL.</summary>
    public static async Task DropAsync(string dataDir)
    {
        if (UsePostgres && TestPostgres.IsConfigured)
            await TestPostgres.DropAsync(DatabaseFor(dataDir));
    }

    private static string DatabaseFor(string dataDir)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..24];
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString) { Database = "gantry_test_" + hash };
        return builder.ConnectionString;
    }
}
