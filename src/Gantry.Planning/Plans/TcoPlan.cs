namespace Gantry.Planning.Plans;

/// <summary>
/// Total cost of ownership side by side: owned servers, cloud on-demand, reserved and spot, and a hybrid of
/// an owned base with cloud burst; plus the utilisation at which owning and renting on demand cost the same.
/// </summary>
public sealed record TcoPlan
{
    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    public required double Utilization { get; init; }

    public required double Years { get; init; }

    /// <summary>GPU-hours of work over the horizon: gpus × hours × utilization.</summary>
    public required double UsedGpuHours { get; init; }

    public required IReadOnlyList<CostOption> Costs { get; init; }

    public required string Cheapest { get; init; }

    /// <summary>Utilisation at which on-premises and cloud on-demand cost the same; null when on-demand is cheaper at any utilisation.</summary>
    public double? BreakEvenUtilization { get; init; }

    public required IReadOnlyList<Assumption> Assumptions { get; init; }
}
