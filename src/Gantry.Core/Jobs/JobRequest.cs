namespace Gantry.Core.Jobs;

/// <summary>A validated job with every default applied: what the server stores and schedules.</summary>
public sealed record JobRequest(
    string Name,
    string Project,
    IReadOnlyList<string> Command,
    ResourceRequest Resources,
    IReadOnlyDictionary<string, string> Env,
    int Priority,
    bool Preemptible,
    int MaxRetries,
    TimeSpan? TimeLimit,
    IReadOnlyList<int>? ArrayIndices,
    string? Pool)
{
    /// <summary>Set when the job runs several processes wired together by a framework's environment.</summary>
    public DistributedRequest? Distributed { get; init; }
}
