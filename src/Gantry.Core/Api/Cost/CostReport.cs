namespace Gantry.Core.Api.Cost;

/// <summary>
/// What allocations cost in a window, grouped one way (project, user, job, pool or deployment), in the spirit of OpenCost's
/// allocation API: one row per group plus an <c>__idle__</c> row for capacity nobody held (admins only).
/// </summary>
public sealed record CostReport(
    string By,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Currency,
    IReadOnlyList<CostRow> Rows,
    CostTotals Totals,
    IReadOnlyList<string> Notes)
{
    /// <summary>Jobs in the window that burst to a cloud pool, with the extra cost estimated when they started.</summary>
    public IReadOnlyList<BurstCostRow> Bursts { get; init; } = [];

    /// <summary>The name of the row that carries unallocated capacity.</summary>
    public const string IdleRow = "__idle__";

    /// <summary>The row of a by=deployment report that carries the allocations of no deployment (jobs).</summary>
    public const string UnallocatedRow = "__unallocated__";
}
