namespace Gantry.Scheduling;

/// <summary>How a job's node and GPUs are chosen among those that fit.</summary>
public enum PlacementPolicy
{
    /// <summary>Gantry's default: FGD fragmentation growth, then packing onto few nodes, NVLink-local GPU sets.</summary>
    Gantry,

    /// <summary>Fragmentation Gradient Descent as in the paper: least growth of expected fragmentation; ties at random.</summary>
    Fgd,

    /// <summary>Least CPU and GPU left over (normalised), the packing baseline.</summary>
    BestFit,

    /// <summary>Smallest dot product of request and free resources (Tetris-style alignment as the FGD paper's baseline).</summary>
    DotProduct,

    /// <summary>Any node that fits, uniformly at random (seeded).</summary>
    Random,
}
