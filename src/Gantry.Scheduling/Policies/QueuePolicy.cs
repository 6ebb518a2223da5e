namespace Gantry.Scheduling;

/// <summary>In what order waiting jobs are considered and whether smaller ones may pass a blocked one.</summary>
public enum QueuePolicy
{
    /// <summary>
    /// Gantry's default: priority, then weighted dominant-resource fair share between projects (with
    /// decayed history), then submit time; backfill around reservations; preemption of lower-priority
    /// and borrowed work.
    /// </summary>
    Gantry,

    /// <summary>Strict first-in-first-out by priority then submit time: nothing passes a job that waits.</summary>
    Fifo,

    /// <summary>FIFO order with EASY backfill: the first blocked job gets a reservation, others run only if they do not delay it.</summary>
    Backfill,
}
