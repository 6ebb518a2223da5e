namespace Gantry.Scheduling.Model;

/// <summary>The main reason a job did not start in this cycle.</summary>
public enum PendingReason
{
    /// <summary>No free place fits it now; it waits for running jobs to end.</summary>
    Resources,

    /// <summary>It is at the head of the line and holds a reservation: it starts when the reserved resources free up.</summary>
    Reserved,

    /// <summary>It fits now, but only by taking resources reserved for a job ahead of it, and would end after that job's start.</summary>
    WouldDelayReservation,

    /// <summary>Strict first-in-first-out: a job ahead of it is waiting.</summary>
    BehindHead,

    /// <summary>Its project would go over its limit (or over its guaranteed quota with no cohort to borrow from).</summary>
    QuotaLimit,

    /// <summary>It needs to borrow quota, and the cohort has none idle.</summary>
    CohortExhausted,

    /// <summary>Running jobs were asked to stop for it; it starts when they have exited.</summary>
    WaitingForPreemption,

    /// <summary>No node in its pool could ever hold it, even idle.</summary>
    NeverFits,

    /// <summary>Its request is malformed (a fraction of several GPUs, say).</summary>
    Invalid,

    /// <summary>The cycle stopped before reaching it (see <c>MaxJobsPerCycle</c>).</summary>
    NotConsidered,
}
