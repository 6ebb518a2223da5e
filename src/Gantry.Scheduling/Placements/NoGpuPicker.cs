using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>CPU-only jobs take no GPU.</summary>
internal sealed class NoGpuPicker : IGpuPicker
{
    public bool Pick(WorkNode node, in JobShape job, in NodeContext context, Span<int> into) => true;
}
