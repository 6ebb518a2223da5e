namespace Gantry.Storage.Tests;

/// <summary>Runs a theory once per metadata provider; the PostgreSQL run skips (or fails under CI) without a server.</summary>
public sealed class Providers : TheoryData<MetadataProvider>
{
    public Providers()
    {
        Add(MetadataProvider.Sqlite);
        Add(MetadataProvider.Postgres);
    }
}
