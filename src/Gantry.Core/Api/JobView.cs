using Gantry.Core.Jobs;

namespace Gantry.Core.Api;

/// <summary>A job as the API shows it.</summary>
public sealed record JobView(
    long Id,
    string Name,
    string Project,
    string User,
    JobState State,
    IReadOnlyList<string> Command,
    ResourceView Resources,
    int Priority,
    bool Preemptible,
    int Attempt,
    int MaxRetries,
    string? TimeLimit,
    long? ArrayId,
    int? ArrayIndex,
    string? Pool,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    string? Reason,
    string? Node,
    IReadOnlyList<int> Gpus,
    IReadOnlyDictionary<string, string> Env,
    int Preemptions = 0)
{
    /// <summary>The framework wiring of a distributed job; null for a single-process job.</summary>
    public Jobs.DistributedRequest? Distributed { get; init; }

    /// <summary>Every node of a multi-node gang with the GPU indices held on it; null for a job on one node.</summary>
    public IReadOnlyList<GangMemberView>? Gang { get; init; }

    /// <summary>Set when the job burst to a cloud pool: the estimated extra cost recorded when it started.</summary>
    public BurstEstimateView? Burst { get; init; }
}

/// <summary>One node of a multi-node job and the GPU indices it holds there.</summary>
public sealed record GangMemberView(string Node, IReadOnlyList<int> Gpus);
