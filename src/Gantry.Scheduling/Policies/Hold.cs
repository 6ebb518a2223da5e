namespace Gantry.Scheduling.Policies;

/// <summary>
/// What reservations keep back on one node: GPU positions (<see cref="Mask"/>), and the CPUs and
/// memory other jobs may still take there (<see cref="CpuSlack"/>, <see cref="MemorySlack"/>) if
/// they would run past <see cref="Start"/>, the earliest reservation start on the node.
/// </summary>
internal sealed class Hold
{
    public double Start { get; set; } = double.PositiveInfinity;

    public ulong Mask { get; set; }

    public long CpuSlack { get; set; } = long.MaxValue;

    public long MemorySlack { get; set; } = long.MaxValue;
}
