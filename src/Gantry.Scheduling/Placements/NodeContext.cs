namespace Gantry.Scheduling.Placements;

/// <summary>
/// What the filters learned about one node for one job: GPU positions it must not use (reserved
/// for a job ahead) and the CPUs and memory it may take.
/// </summary>
internal struct NodeContext
{
    public ulong Excluded;
    public long Cpu;
    public long Memory;

    public readonly bool IsExcluded(int position) => position < 64 ? (Excluded & (1UL << position)) != 0 : Excluded != 0;
}
