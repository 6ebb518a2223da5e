using Gantry.Server.Hosting;
using Gantry.Storage;

namespace Gantry.Server.Leadership;

/// <summary>Where the metadata lives and how servers sharing it take turns leading. Bound from the "Metadata" section.</summary>
public sealed class MetadataOptions
{
    /// <summary>"sqlite" (one file in the data directory) or "postgres". <value>The default value is "sqlite".</value></summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// The Npgsql connection string when <see cref="Provider"/> is "postgres", e.g.
    /// <c>Host=db;Port=5432;Username=gantry;Password=…;Database=gantry</c>. <value>The default value is null.</value>
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How often a follower tries to take the lead, and how often the leader checks that its lock session lives.
    /// <value>The default value is 1 second.</value>
    /// </summary>
    public TimeSpan LeaderRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On a shared database, how often a server re-reads state that another server may have changed (a job
    /// waited on here, a cancel of a job the leader runs). <value>The default value is 1 second.</value>
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var provider = Provider.Trim().ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres" or "postgresql"))
            problems.Add($"Metadata:Provider must be 'sqlite' or 'postgres', not '{Provider}'.");
        if (provider is "postgres" or "postgresql" && string.IsNullOrWhiteSpace(ConnectionString))
            problems.Add("Metadata:Provider is 'postgres' but Metadata:ConnectionString (or GANTRY_Metadata__ConnectionString) is not set.");
        if (LeaderRetryInterval <= TimeSpan.Zero)
            problems.Add("Metadata:LeaderRetryInterval must be positive.");
        if (PollInterval <= TimeSpan.Zero)
            problems.Add("Metadata:PollInterval must be positive.");
        return problems;
    }

    /// <summary>The configured store; throws with every configuration problem named.</summary>
    internal MetadataStore CreateStore(ServerPaths paths)
    {
        if (Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException("invalid Metadata configuration: " + string.Join(" ", problems));
        return string.Equals(Provider.Trim(), "sqlite", StringComparison.OrdinalIgnoreCase)
            ? MetadataStore.Sqlite(paths.DatabasePath)
            : MetadataStore.Postgres(ConnectionString!);
    }
}
