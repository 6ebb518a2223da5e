namespace Gantry.Core.Api;

/// <summary>This server's place among the servers sharing one metadata database.</summary>
/// <param name="Role">"leader" (runs the scheduler and job reconcilers) or "follower" (serves the API).</param>
/// <param name="Metadata">The metadata provider: "sqlite" or "postgres".</param>
/// <param name="MetadataStore">Where the metadata lives, without credentials.</param>
/// <param name="LeaderSince">When this server took the lead; null on a follower.</param>
public sealed record ClusterStatusView(string Role, bool Leader, string Metadata, string MetadataStore, DateTimeOffset? LeaderSince);
