namespace Gantry.Scheduling.Simulation;

/// <summary>
/// The policies the simulator compares, by name. Placement baselines (random, best-fit,
/// dot-product, fgd) queue with EASY backfill in replay; the queue baselines (fifo, backfill)
/// place with best-fit; <c>gantry</c> is the shipped default of both.
/// </summary>
public static class SimulationPolicies
{
    public static IReadOnlyList<string> Names { get; } = ["random", "best-fit", "dot-product", "fgd", "fifo", "backfill", "gantry"];

    /// <summary>The scheduler options for a policy name, or null if the name is unknown.</summary>
    public static SchedulerOptions? Options(string name, int seed) => name switch
    {
        "random" => Make(QueuePolicy.Backfill, PlacementPolicy.Random, seed),
        "best-fit" => Make(QueuePolicy.Backfill, PlacementPolicy.BestFit, seed),
        "dot-product" => Make(QueuePolicy.Backfill, PlacementPolicy.DotProduct, seed),
        "fgd" => Make(QueuePolicy.Backfill, PlacementPolicy.Fgd, seed),
        "fifo" => Make(QueuePolicy.Fifo, PlacementPolicy.BestFit, seed),
        "backfill" => Make(QueuePolicy.Backfill, PlacementPolicy.BestFit, seed),
        "gantry" => Make(QueuePolicy.Gantry, PlacementPolicy.Gantry, seed),
        _ => null,
    };

    // Simulations score every feasible node: the cluster is small and placement quality is what is measured.
    private static SchedulerOptions Make(QueuePolicy queue, PlacementPolicy placement, int seed) => new()
    {
        Queue = queue,
        Placement = placement,
        Seed = seed,
        MaxScoredNodes = 0,
        Explain = ExplainLevel.ReasonOnly,
    };
}
