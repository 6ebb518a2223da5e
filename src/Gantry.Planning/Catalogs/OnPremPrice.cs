namespace Gantry.Planning.Catalogs;

/// <summary>A server one can buy: its GPUs, purchase price and rated power, with the year and source of the price.</summary>
public sealed record OnPremPrice
{
    public required string Name { get; init; }

    public required string Gpu { get; init; }

    public required int GpusPerServer { get; init; }

    public required double ServerUsd { get; init; }

    public double? ServerPowerKw { get; init; }

    public int? Year { get; init; }

    public required string Source { get; init; }

    public double UsdPerGpu => ServerUsd / GpusPerServer;
}
