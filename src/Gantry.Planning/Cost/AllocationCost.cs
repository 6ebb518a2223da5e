namespace Gantry.Planning.Cost;

/// <summary>One allocation's share of a window: its hours, resource-hours and their cost in USD.</summary>
public sealed record AllocationCost(
    double Hours,
    double GpuHours,
    double CpuHours,
    double RamGibHours,
    double GpuCost,
    double CpuCost,
    double RamCost)
{
    public double TotalCost => GpuCost + CpuCost + RamCost;
}
