namespace Gantry.Planning.Cost;

/// <summary>The price of one GPU-hour of one model on a node, and how many of that model the node has.</summary>
public sealed record GpuModelRate(string Model, int Count, PricedRate Rate);
