namespace Gantry.Scheduling.Model;

/// <summary>Why a running job is asked to stop.</summary>
public enum PreemptionReason
{
    /// <summary>A job of higher priority needs its resources.</summary>
    HigherPriority,

    /// <summary>It runs on borrowed quota and the lending project wants its guaranteed share back.</summary>
    ReclaimBorrowed,
}
