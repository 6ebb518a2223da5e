using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>Enough GPUs of an accepted model, each with the share asked for free, not reserved.</summary>
internal sealed class GpuCapacityFilter : INodeFilter
{
    public string Name => "gpu";

    public bool Admits(WorkNode node, in JobShape job, in PlacementRequest request, ref NodeContext context)
    {
        if (job.Gpus == 0)
            return true;
        var found = 0;
        for (var p = 0; p < node.Free.Length; p++)
        {
            if (node.Free[p] >= job.Milli && job.Accepts[node.Model[p]] && !context.IsExcluded(p) && ++found >= job.Gpus)
                return true;
        }

        return false;
    }
}
