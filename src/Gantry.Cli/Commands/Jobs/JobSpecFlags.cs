namespace Gantry.Cli.Commands.Jobs;

/// <summary>The job fields given as flags to <c>gantry job submit</c>; null means "not given".</summary>
internal sealed record JobSpecFlags
{
    public string? Name { get; init; }

    public string? Project { get; init; }

    public int? Gpus { get; init; }

    public string? GpuType { get; init; }

    public double? Cpus { get; init; }

    public string? Memory { get; init; }

    public int? Nodes { get; init; }

    public int? Priority { get; init; }

    public int? MaxRetries { get; init; }

    public string? TimeLimit { get; init; }

    public string? Array { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? Pool { get; init; }

    public bool? Preemptible { get; init; }

    /// <summary>The program and its arguments (what follows <c>--</c>).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
}
