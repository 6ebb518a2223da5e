using Npgsql;

namespace Gantry.Storage.Tests;

/// <summary>
/// The PostgreSQL the tests may use: <c>GANTRY_TEST_POSTGRES</c> is a connection string to a server where they
/// may create databases (.ci/run starts a throwaway one). Every test store gets a fresh database of its own.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "GANTRY_TEST_POSTGRES";

    /// <summary>What a test that needs PostgreSQL says when it is missing.</summary>
    public const string Missing = "needs PostgreSQL: set GANTRY_TEST_POSTGRES (see .ci/run)";

    /// <summary>The server's connection string, or null when none is configured.</summary>
    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static bool IsConfigured => ServerConnectionString is not null;

    /// <summary>A connection string naming a new database <c>gantry_test_&lt;guid&gt;</c>, created by the first migration.</summary>
    public static string NewDatabase()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString ?? throw new InvalidOperationException(Missing))
        {
            Database = "gantry_test_" + Guid.NewGuid().ToString("N"),
        };
        return builder.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still uses it.</summary>
    public static async Task DropAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(ServerConnectionString!) { Pooling = false };
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
