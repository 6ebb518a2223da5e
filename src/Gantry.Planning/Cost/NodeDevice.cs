namespace Gantry.Planning.Cost;

/// <summary>One accelerator of a node: the index jobs are given and its model name.</summary>
public sealed record NodeDevice(int Index, string Model);
