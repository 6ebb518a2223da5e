using Gantry.Planning.Cost;

namespace Gantry.Server.Cost;

/// <summary>
/// The seam for GPU telemetry: how many of an allocation's GPU-hours its GPUs were actually busy. With it, job,
/// project and user rows report efficiency = utilised ÷ allocated. The telemetry collector registers its own
/// implementation; until then <see cref="NoUtilization"/> answers "unknown" and efficiency stays null.
/// </summary>
internal interface IUtilizationSource
{
    /// <summary>Utilised GPU-hours inside the window by "kind/id" of allocation (e.g. "job/42"), or null when unknown.</summary>
    Task<IReadOnlyDictionary<string, double>?> UtilisedGpuHoursAsync(IReadOnlyList<CostAllocation> allocations, long fromMs, long toMs, CancellationToken cancellationToken);
}
