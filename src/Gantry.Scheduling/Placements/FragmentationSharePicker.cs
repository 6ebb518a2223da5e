using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// FGD for a GPU share: of the GPUs that can hold it, the one whose use least increases the node's
/// expected fragmentation; ties go to the GPU with less free (packing), then the lower position.
/// </summary>
internal sealed class FragmentationSharePicker(FragmentationModel model) : IGpuPicker
{
    public bool Pick(WorkNode node, in JobShape job, in NodeContext context, Span<int> into)
    {
        var best = -1;
        var bestDelta = double.MaxValue;
        Span<int> one = stackalloc int[1];
        for (var p = 0; p < node.Free.Length; p++)
        {
            var f = node.Free[p];
            if (f < job.Milli || !job.Accepts[node.Model[p]] || context.IsExcluded(p))
                continue;
            if (best >= 0 && f == node.Free[best] && node.Model[p] == node.Model[best] && node.Link[p] == node.Link[best])
                continue; // same free share on the same kind of GPU: same fragmentation
            one[0] = p;
            var delta = model.Delta(node, one, job.Milli, job.Cpu, job.Memory);
            if (best < 0 || delta < bestDelta - 1e-9 || (Math.Abs(delta - bestDelta) <= 1e-9 && f < node.Free[best]))
            {
                best = p;
                bestDelta = delta;
            }
        }

        if (best < 0)
            return false;
        into[0] = best;
        return true;
    }
}
