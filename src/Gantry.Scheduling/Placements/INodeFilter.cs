using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>A feasibility check of one node for one job; it may narrow the context (positions, CPUs) for the checks after it.</summary>
internal interface INodeFilter
{
    /// <summary>The name used in "why pending" tallies.</summary>
    string Name { get; }

    bool Admits(WorkNode node, in JobShape job, in PlacementRequest request, ref NodeContext context);
}
