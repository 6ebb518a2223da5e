namespace Gantry.Server;

/// <summary>The cost module's log messages (event ids 650–669).</summary>
internal static partial class Log
{
    [LoggerMessage(650, LogLevel.Error, "Cost check failed")]
    public static partial void CostCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(651, LogLevel.Warning, "Project {Project} crossed {Threshold} of its monthly budget: {Spent} of {Budget}")]
    public static partial void BudgetThresholdCrossed(ILogger logger, string project, string threshold, string spent, string budget);
}
