namespace Gantry.Planning.Catalogs;

/// <summary>A cloud offer for one GPU type: on-demand and, where known, spot and reserved prices per GPU-hour, with the date read.</summary>
public sealed record CloudPrice
{
    public required string Name { get; init; }

    public required string Provider { get; init; }

    public required string Instance { get; init; }

    public string? Region { get; init; }

    public required string Gpu { get; init; }

    public required int GpusPerInstance { get; init; }

    public required double OnDemandUsdPerGpuHour { get; init; }

    public double? SpotUsdPerGpuHour { get; init; }

    public double? ReservedUsdPerGpuHour { get; init; }

    public required string Read { get; init; }

    public required string Source { get; init; }
}
