namespace Gantry.Server.Cluster;

/// <summary>The two locations a pool can have (<c>Pools:&lt;name&gt;:Location</c>).</summary>
internal static class PoolLocations
{
    public const string OnPrem = "on-prem";

    public const string Cloud = "cloud";
}
