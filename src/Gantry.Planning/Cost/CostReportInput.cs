using Gantry.Core.Api.Cost;

namespace Gantry.Planning.Cost;

/// <summary>
/// What <see cref="CostReportBuilder"/> needs. <see cref="Capacities"/> null leaves out idle cost and cluster
/// efficiency (for callers who may not see the whole cluster). <see cref="UtilisedGpuHours"/> maps "kind/id" of an
/// allocation to the GPU-hours it actually kept busy, from telemetry, when known.
/// </summary>
public sealed record CostReportInput
{
    public required CostGrouping By { get; init; }

    public required long FromMs { get; init; }

    public required long ToMs { get; init; }

    public required long NowMs { get; init; }

    public required IReadOnlyList<CostAllocation> Allocations { get; init; }

    public required Func<CostAllocation, NodeRates> RatesFor { get; init; }

    public IReadOnlyList<NodeCapacity>? Capacities { get; init; }

    public IReadOnlyDictionary<string, double>? UtilisedGpuHours { get; init; }

    /// <summary>Predictions per deployment name in the window, for cost per prediction on by=deployment rows.</summary>
    public IReadOnlyDictionary<string, long>? Predictions { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
