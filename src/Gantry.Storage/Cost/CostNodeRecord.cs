namespace Gantry.Storage.Cost;

/// <summary>When Gantry first saw a node: its capacity counts as available (and, unallocated, as idle cost) from then.</summary>
public sealed class CostNodeRecord
{
    public required string Node { get; set; }

    public required string Pool { get; set; }

    public long FirstSeenMs { get; set; }
}
