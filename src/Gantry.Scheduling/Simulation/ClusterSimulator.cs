using Gantry.Core;

namespace Gantry.Scheduling.Simulation;

/// <summary>
/// The trace simulator behind <c>gantry sim</c>: runs the scheduling library over an openb trace in
/// virtual time, with no processes and no clock, so the same inputs and seed give the same result.
/// </summary>
public static class ClusterSimulator
{
    public static Outcome<SimulationResult> Run(IReadOnlyList<TraceNode> nodes, IReadOnlyList<TracePod> pods, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(options);
        var scheduler = SimulationPolicies.Options(options.Policy, options.Seed);
        if (scheduler is null)
            return GantryError.Invalid($"unknown policy '{options.Policy}'; use one of {string.Join(", ", SimulationPolicies.Names)}");
        if (options.ScaleNodes is not (> 0 and <= 1))
            return GantryError.Invalid("--scale-nodes must be more than 0 and at most 1");
        if (options.InflationTarget <= 0 || options.TimeLimitFactor <= 0)
            return GantryError.Invalid("the inflation target and the time-limit factor must be positive");
        if (nodes.Count == 0)
            return GantryError.Invalid("the node list has no nodes");
        if (options.Mode == SimulationMode.Replay && pods.Any(p => !p.HasTimes))
            return GantryError.Invalid("replay needs creation and deletion times; this pod list has none (use inflation)");
        var scaled = TraceCluster.Scale(nodes, options.ScaleNodes);
        return options.Mode == SimulationMode.Inflation
            ? InflationRun.Run(scaled, pods, options, scheduler)
            : new ReplayRun(scaled, pods, options, scheduler).Run();
    }
}
