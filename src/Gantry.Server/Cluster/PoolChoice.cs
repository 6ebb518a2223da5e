namespace Gantry.Server.Cluster;

/// <summary>
/// Where a job may run: its <see cref="Home"/> pools (on-premises ones first: those the job names, or the on-premises
/// pools its inputs may be read in) and the <see cref="Burst"/> pools it may use when its wait at home is too long.
/// </summary>
internal sealed record PoolChoice(IReadOnlyList<string> Home, IReadOnlyList<string> Burst)
{
    public IEnumerable<string> All => Home.Concat(Burst);
}
