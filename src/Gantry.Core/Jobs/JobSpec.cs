using System.Text.Json.Serialization;
using Gantry.Core.Api.Data;

namespace Gantry.Core.Jobs;

/// <summary>
/// A job as a user writes it (JSON or YAML, snake_case). Everything is optional here; <see
/// cref="JobSpecValidator"/> applies defaults and limits and produces a <see cref="JobRequest"/>.
/// </summary>
public sealed record JobSpec
{
    public string? Name { get; init; }

    public string? Project { get; init; }

    /// <summary>The program and its arguments; a single string runs through <c>/bin/sh -c</c>.</summary>
    [JsonConverter(typeof(CommandJsonConverter))]
    public IReadOnlyList<string>? Command { get; init; }

    public ResourceSpec? Resources { get; init; }

    public Dictionary<string, string>? Env { get; init; }

    public int? Priority { get; init; }

    public bool? Preemptible { get; init; }

    public int? MaxRetries { get; init; }

    /// <summary>Wall-clock limit per attempt: 90s, 30m, 2h, 1d or 01:30:00.</summary>
    public string? TimeLimit { get; init; }

    /// <summary>Job array indices: "0-99", "0-99:10" (step), "1,3,5-7".</summary>
    public string? Array { get; init; }

    public string? Pool { get; init; }

    /// <summary>Dataset versions materialised read-only under the working directory before the job starts.</summary>
    public IReadOnlyList<DataInputSpec>? Inputs { get; init; }

    /// <summary>What <c>$GANTRY_OUTPUT</c> becomes when the job succeeds: dataset or model versions.</summary>
    public IReadOnlyList<DataOutputSpec>? Outputs { get; init; }

    /// <summary>A job of several processes (on one or more nodes) and the framework environment each gets.</summary>
    public DistributedSpec? Distributed { get; init; }

    /// <summary>May run in a cloud pool when its estimated wait on-premises is over <c>Scheduler:BurstAfter</c> (and its inputs allow).</summary>
    public bool? Burst { get; init; }

    /// <summary>The container image, for pools that run containers (Kubernetes).</summary>
    public string? Image { get; init; }
}
