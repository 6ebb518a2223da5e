namespace Gantry.Planning.Cost;

/// <summary>What a cost report's rows are: one per project, user, job or pool.</summary>
public enum CostGrouping
{
    Project,
    User,
    Job,
    Pool,
}
