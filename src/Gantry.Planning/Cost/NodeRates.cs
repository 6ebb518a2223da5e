namespace Gantry.Planning.Cost;

/// <summary>
/// The rates in force on one node: per GPU-hour (by the model of each device), per CPU core-hour and per GiB-hour
/// of memory. <see cref="NodeUsdPerHour"/> and <see cref="Derivation"/> show how an owned node's rates were derived.
/// </summary>
public sealed record NodeRates
{
    public required string Node { get; init; }

    public required string Pool { get; init; }

    public required PricingKind Kind { get; init; }

    public required IReadOnlyList<GpuModelRate> Gpus { get; init; }

    /// <summary>The rate of each device index.</summary>
    public required IReadOnlyDictionary<int, double> DeviceRates { get; init; }

    public required PricedRate Cpu { get; init; }

    public required PricedRate Memory { get; init; }

    public double? NodeUsdPerHour { get; init; }

    public IReadOnlyList<string> Derivation { get; init; } = [];

    /// <summary>For GPUs whose device is unknown (the job's node left the cluster): the mean of the node's GPU rates.</summary>
    public required double FallbackGpuUsdPerHour { get; init; }

    public double GpuRate(int device) => DeviceRates.TryGetValue(device, out var rate) ? rate : FallbackGpuUsdPerHour;
}
