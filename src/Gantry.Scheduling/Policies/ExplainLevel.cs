namespace Gantry.Scheduling;

/// <summary>How much the scheduler writes about waiting jobs.</summary>
public enum ExplainLevel
{
    /// <summary>Reason, request, shortfall, quota, jobs ahead and estimated start for every waiting job.</summary>
    Full,

    /// <summary>Only the reason and the position (for simulations and benchmarks).</summary>
    ReasonOnly,
}
