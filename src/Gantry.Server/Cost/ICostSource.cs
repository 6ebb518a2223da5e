using Gantry.Planning.Cost;

namespace Gantry.Server.Cost;

/// <summary>
/// Something that holds resources and so costs money: jobs (<see cref="JobCostSource"/>) and model deployments'
/// replica time (<see cref="DeploymentCostSource"/>). Register another implementation and its allocations appear in
/// every report, budget and alert.
/// </summary>
internal interface ICostSource
{
    /// <summary>Allocations overlapping [<paramref name="fromMs"/>, <paramref name="toMs"/>), only of <paramref name="projects"/> when given.</summary>
    Task<IReadOnlyList<CostAllocation>> AllocationsAsync(long fromMs, long toMs, IReadOnlyCollection<string>? projects, CancellationToken cancellationToken);
}
