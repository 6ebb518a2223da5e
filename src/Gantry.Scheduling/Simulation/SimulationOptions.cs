namespace Gantry.Scheduling.Simulation;

/// <summary>One simulation run. <see cref="Policy"/> is one of <see cref="SimulationPolicies.Names"/>.</summary>
public sealed record SimulationOptions(string Policy, SimulationMode Mode)
{
    /// <summary>Keep this share of the nodes (evenly spread over the node list, so the GPU mix stays the same).</summary>
    /// <value>The default value is 1.</value>
    public double ScaleNodes { get; init; } = 1;

    /// <summary>Seed of the task order (inflation) and of random tie-breaks.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; init; }

    /// <summary>Inflation: stop once arrived GPU demand reaches this multiple of the GPU capacity.</summary>
    /// <value>The default value is 1.3.</value>
    public double InflationTarget { get; init; } = 1.3;

    /// <summary>Replay: each job's time limit is its run time times this (1 = users state exact limits).</summary>
    /// <value>The default value is 1.</value>
    public double TimeLimitFactor { get; init; } = 1;
}
