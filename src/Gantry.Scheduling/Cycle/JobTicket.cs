using Gantry.Scheduling.Model;
using Gantry.Scheduling.Placements;
using Gantry.Scheduling.Policies;

namespace Gantry.Scheduling;

/// <summary>One queued job during a cycle: its shape, and what the cycle decided about it.</summary>
internal sealed class JobTicket(QueuedJob job, ProjectAccount project)
{
    public QueuedJob Job { get; } = job;

    public ProjectAccount Project { get; } = project;

    public JobShape Shape { get; set; }

    /// <summary>Why the request is malformed; null when valid.</summary>
    public string? Invalid { get; set; }

    public bool NeverFits { get; set; }

    /// <summary>The shape over the job's burst pools; null when it may not burst.</summary>
    public JobShape? BurstShape { get; set; }

    /// <summary>What the burst check found (its estimated wait at home), once it ran.</summary>
    public BurstDecision? Burst { get; set; }

    public int Position { get; set; }

    public bool Admitted { get; set; }

    public PendingReason Reason { get; set; } = PendingReason.NotConsidered;

    public long? BlockedBy { get; set; }

    /// <summary>The reserved start (reservations and preemption), when known.</summary>
    public double? Start { get; set; }
}
