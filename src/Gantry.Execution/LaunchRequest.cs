using Gantry.Core.Hardware;

namespace Gantry.Execution;

/// <summary>
/// One attempt of one task, placed by the scheduler. <see cref="JobDirectory"/> is owned by the
/// server (<c>&lt;data-dir&gt;/jobs/&lt;id&gt;</c>); the executor writes the task's working directory,
/// output directory and logs under it.
/// </summary>
public sealed record LaunchRequest(
    long JobId,
    int Attempt,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Env,
    string JobDirectory,
    string Node,
    IReadOnlyList<AcceleratorDevice> Devices,
    double Cpus,
    long MemoryBytes,
    int? ArrayIndex)
{
    /// <summary>The attempt's time limit; a cluster executor passes it to its engine as a backstop to Gantry's own.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Set for a job of several processes wired together by a framework's environment.</summary>
    public Core.Jobs.DistributedRequest? Distributed { get; init; }

    /// <summary>Every node of a gang (several nodes), <see cref="Node"/> first; empty for a job on one node.</summary>
    public IReadOnlyList<string> GangNodes { get; init; } = [];

    /// <summary>The nodes the task runs on: the gang, or just <see cref="Node"/>.</summary>
    public IReadOnlyList<string> AllNodes => GangNodes.Count > 0 ? GangNodes : [Node];

    /// <summary>The container image, for executors that run containers (Kubernetes); null: the pool's default.</summary>
    public string? Image { get; init; }

    /// <summary>
    /// The dataset inputs, as paths under the working directory where the server put them (read-only) before the launch;
    /// an executor whose tasks do not see the job directory must refuse them.
    /// </summary>
    public IReadOnlyList<string> InputPaths { get; init; } = [];

    /// <summary>Whether the server registers outputs from <c>$GANTRY_OUTPUT</c> when the attempt succeeds.</summary>
    public bool WritesOutputs { get; init; }

    /// <summary>The Gantry job array the task belongs to (its first job's id), with <see cref="ArrayIndex"/>; null for a lone job.</summary>
    public long? ArrayId { get; init; }
}
