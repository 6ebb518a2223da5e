namespace Gantry.Core.Jobs;

/// <summary>
/// How a job of several processes is wired together, as a user writes it: the framework whose
/// environment each process gets (pytorch, tensorflow, spark) and how many processes run on each of
/// the job's nodes (<c>resources.nodes</c>).
/// </summary>
public sealed record DistributedSpec
{
    /// <summary>"pytorch" (torchrun variables), "tensorflow" (TF_CONFIG) or "spark" (spark-submit).</summary>
    public string? Framework { get; init; }

    /// <summary>Processes on each node; the default is 1.</summary>
    public int? ProcessesPerNode { get; init; }
}
