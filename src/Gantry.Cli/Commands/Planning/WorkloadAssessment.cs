namespace Gantry.Cli.Commands.Planning;

/// <summary>A planned workload (a <c>gantry plan … --json</c> file) held against the hardware assessed.</summary>
internal sealed record WorkloadAssessment
{
    public required string File { get; init; }

    /// <summary>train, finetune or serve.</summary>
    public required string Kind { get; init; }

    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    /// <summary>Every check in order; <see cref="WorkloadGap.Ok"/> false marks a gap.</summary>
    public required IReadOnlyList<WorkloadGap> Gaps { get; init; }

    /// <summary>How long the work would take on the hardware assessed; null when it cannot run here or cannot be estimated.</summary>
    public double? EstimatedWallClockHours { get; init; }
}
