using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>A GPU share goes on the accepted GPU with the least free capacity that still holds it (the packing rule of GPU-sharing schedulers).</summary>
internal sealed class BestFitSharePicker : IGpuPicker
{
    public bool Pick(WorkNode node, in JobShape job, in NodeContext context, Span<int> into)
    {
        var best = -1;
        for (var p = 0; p < node.Free.Length; p++)
        {
            var f = node.Free[p];
            if (f >= job.Milli && job.Accepts[node.Model[p]] && !context.IsExcluded(p) && (best < 0 || f < node.Free[best]))
                best = p;
        }

        if (best < 0)
            return false;
        into[0] = best;
        return true;
    }
}
