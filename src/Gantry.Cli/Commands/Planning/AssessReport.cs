using Gantry.Core.Api;

namespace Gantry.Cli.Commands.Planning;

/// <summary>What <c>gantry assess --json</c> prints: the hardware, its measured disk and network, the gaps to a planned workload, and allocation history.</summary>
internal sealed record AssessReport
{
    public required AssessServer Server { get; init; }

    public required AssessMachine Machine { get; init; }

    public required DiskMeasurement Disk { get; init; }

    public required NetworkMeasurement Network { get; init; }

    /// <summary>Null without <c>--workload</c>.</summary>
    public WorkloadAssessment? Workload { get; init; }

    /// <summary>Null when no server answered.</summary>
    public AllocationHistoryView? History { get; init; }

    /// <summary>Anything the figures do not say, in words.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
