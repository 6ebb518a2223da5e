using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>Enough CPUs and memory on the node (after what reservations keep back).</summary>
internal sealed class CpuMemoryFilter : INodeFilter
{
    public string Name => "cpu-memory";

    public bool Admits(WorkNode node, in JobShape job, in PlacementRequest request, ref NodeContext context) =>
        context.Cpu >= job.Cpu && context.Memory >= job.Memory;
}
