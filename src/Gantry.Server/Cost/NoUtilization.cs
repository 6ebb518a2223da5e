using Gantry.Planning.Cost;

namespace Gantry.Server.Cost;

/// <summary>No GPU telemetry: utilisation unknown.</summary>
internal sealed class NoUtilization : IUtilizationSource
{
    public Task<IReadOnlyDictionary<string, double>?> UtilisedGpuHoursAsync(IReadOnlyList<CostAllocation> allocations, long fromMs, long toMs, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, double>?>(null);
}
