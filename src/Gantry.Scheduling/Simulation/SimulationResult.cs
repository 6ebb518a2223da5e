namespace Gantry.Scheduling.Simulation;

/// <summary>
/// What a simulation measured (serialise with <c>GantryJson.Options</c> for snake_case). Inflation
/// fills the allocation fields; replay fills the wait, JCT and utilisation fields.
/// </summary>
public sealed record SimulationResult(string Policy, string Mode, int Seed, int Nodes, int GpusTotal)
{
    /// <summary>Tasks that arrived (inflation) or were replayed.</summary>
    public int Tasks { get; init; }

    /// <summary>Tasks that could not be placed (inflation), or that no node of the (scaled) cluster could ever hold (replay).</summary>
    public int PodsFailed { get; init; }

    /// <summary>Allocated GPU capacity ÷ total when arrived GPU demand reached 100% of capacity (inflation).</summary>
    public double? GpuAllocRatio { get; init; }

    /// <summary>GPUs' worth of capacity left unallocated at that point.</summary>
    public double? UnallocatedGpus { get; init; }

    /// <summary>Allocated ÷ total at the end of inflation (arrived demand at the target, 130% by default).</summary>
    public double? GpuAllocRatioFinal { get; init; }

    /// <summary>GPUs' worth of capacity left unallocated at the end of inflation.</summary>
    public double? UnallocatedGpusFinal { get; init; }

    public double? AvgWaitS { get; init; }

    public double? P95WaitS { get; init; }

    public double? MaxWaitS { get; init; }

    /// <summary>The task that waited longest, and what it asked for.</summary>
    public string? LongestWaitTask { get; init; }

    /// <summary>Average job completion time: wait plus run time.</summary>
    public double? AvgJctS { get; init; }

    /// <summary>Allocated GPU-seconds ÷ (GPUs × the span from the first arrival to the last end).</summary>
    public double? GpuUtilization { get; init; }

    public double? MakespanS { get; init; }

    /// <summary>Scheduling cycles run (replay).</summary>
    public int? Cycles { get; init; }
}
