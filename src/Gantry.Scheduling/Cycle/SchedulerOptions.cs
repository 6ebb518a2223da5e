namespace Gantry.Scheduling;

/// <summary>How <see cref="GantryScheduler"/> decides. The defaults are Gantry's shipped behaviour.</summary>
public sealed record SchedulerOptions
{
    /// <summary>Queue order, backfill and preemption.</summary>
    /// <value>The default value is <see cref="QueuePolicy.Gantry"/>.</value>
    public QueuePolicy Queue { get; init; } = QueuePolicy.Gantry;

    /// <summary>How nodes and GPUs are chosen.</summary>
    /// <value>The default value is <see cref="PlacementPolicy.Gantry"/>.</value>
    public PlacementPolicy Placement { get; init; } = PlacementPolicy.Gantry;

    /// <summary>Seed of every random choice (tie-breaks, the random policy); the same seed and snapshot give the same plan.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; init; }

    /// <summary>How many blocked jobs, first in line, get a backfill reservation (Slurm's backfill depth; 1 is EASY backfill). Ignored by <see cref="QueuePolicy.Fifo"/>.</summary>
    /// <value>The default value is 1.</value>
    public int ReservationDepth { get; init; } = 1;

    /// <summary>Whether waiting jobs may preempt lower-priority or borrowed preemptible work (only with <see cref="QueuePolicy.Gantry"/>).</summary>
    /// <value>The default value is true.</value>
    public bool Preemption { get; init; } = true;

    /// <summary>Seconds a preempted job has between the signal and the kill, to checkpoint.</summary>
    /// <value>The default value is 30.</value>
    public double PreemptionGraceSeconds { get; init; } = 30;

    /// <summary>At most this many running jobs are preempted in one cycle.</summary>
    /// <value>The default value is 64.</value>
    public int MaxPreemptionsPerCycle { get; init; } = 64;

    /// <summary>Preemption searches per cycle (each looks at up to a few hundred nodes); blocked jobs after that wait for the next cycle.</summary>
    /// <value>The default value is 32.</value>
    public int MaxPreemptionAttempts { get; init; } = 32;

    /// <summary>Weight of decayed history against current use in the fair-share key, from 0 (only now) to 1 (only history).</summary>
    /// <value>The default value is 0.5.</value>
    public double FairShareHistoryWeight { get; init; } = 0.5;

    /// <summary>Feasible nodes scored per decision; 0 scores every feasible node. Candidates come in packing order, so a few suffice.</summary>
    /// <value>The default value is 32.</value>
    public int MaxScoredNodes { get; init; } = 32;

    /// <summary>Jobs decided per cycle; the rest are reported as not considered. 0 = all.</summary>
    /// <value>The default value is 0.</value>
    public int MaxJobsPerCycle { get; init; }

    /// <summary>How much is written about waiting jobs.</summary>
    /// <value>The default value is <see cref="ExplainLevel.Full"/>.</value>
    public ExplainLevel Explain { get; init; } = ExplainLevel.Full;

    /// <summary>Start estimates computed per cycle (each is a look-ahead over the running jobs); later waiting jobs get none.</summary>
    /// <value>The default value is 256.</value>
    public int MaxStartEstimates { get; init; } = 256;

    /// <summary>Only to measure the phases (never to decide): when set, the plan's stats carry the seconds per phase.</summary>
    /// <value>The default value is null.</value>
    public TimeProvider? Timing { get; init; }

    /// <summary>With <see cref="Timing"/>, also record the seconds of every placement decision (benchmarks).</summary>
    /// <value>The default value is false.</value>
    public bool RecordDecisionTimes { get; init; }
}
