namespace Gantry.Planning.Cost;

/// <summary>A node that was available since <see cref="SinceMs"/> (when Gantry first saw it), with its rates.</summary>
public sealed record NodeCapacity(NodeShape Shape, NodeRates Rates, long SinceMs);
