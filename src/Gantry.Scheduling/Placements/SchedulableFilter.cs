using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>Cordoned and draining nodes take nothing new.</summary>
internal sealed class SchedulableFilter : INodeFilter
{
    public string Name => "schedulable";

    public bool Admits(WorkNode node, in JobShape job, in PlacementRequest request, ref NodeContext context) => node.Schedulable;
}
