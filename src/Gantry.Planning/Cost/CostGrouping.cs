namespace Gantry.Planning.Cost;

/// <summary>
/// What a cost report's rows are: one per project, user, job, pool or deployment. By deployment, allocations that are
/// not a deployment's (jobs) are summed in one <c>__unallocated__</c> row, as OpenCost does for a property they lack.
/// </summary>
public enum CostGrouping
{
    Project,
    User,
    Job,
    Pool,
    Deployment,
}
