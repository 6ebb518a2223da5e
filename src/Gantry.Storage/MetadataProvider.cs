namespace Gantry.Storage;

/// <summary>The database behind the metadata (configuration <c>Metadata:Provider</c>).</summary>
public enum MetadataProvider
{
    /// <summary>One SQLite file in the data directory: the embedded default, one server.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, which several Gantry servers may share.</summary>
    Postgres,
}
