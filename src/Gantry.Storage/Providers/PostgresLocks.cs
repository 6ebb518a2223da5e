namespace Gantry.Storage.Providers;

/// <summary>
/// The PostgreSQL advisory lock keys Gantry takes. Advisory locks are per database, so servers on other
/// databases of the same PostgreSQL never contend.
/// </summary>
public static class PostgresLocks
{
    /// <summary>Held for the whole of every metadata write transaction: writes of all servers are serialized.</summary>
    public const long Writes = 0x47414E5452590001; // "GANTRY" 00 01

    /// <summary>Held by the leading server on its own session for as long as it leads.</summary>
    public const long Leader = 0x47414E5452590002; // "GANTRY" 00 02
}
