using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>Chooses which GPU positions of a feasible node a job gets.</summary>
internal interface IGpuPicker
{
    /// <summary>Writes <c>job.Gpus</c> positions into <paramref name="into"/>; false if the node cannot give them.</summary>
    bool Pick(WorkNode node, in JobShape job, in NodeContext context, Span<int> into);
}
