using Gantry.Scheduling.State;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Whole GPUs. With NVLink known, the job goes inside one NVLink group if one has room — the
/// fullest such group, so bigger intact groups stay for bigger jobs — and otherwise across the
/// fewest groups. Without topology: the lowest free positions.
/// </summary>
internal sealed class WholeGpuPicker(bool nvLinkAware) : IGpuPicker
{
    public bool Pick(WorkNode node, in JobShape job, in NodeContext context, Span<int> into)
    {
        var need = job.Gpus;
        Span<int> eligible = stackalloc int[node.Free.Length];
        var count = 0;
        var anyLink = false;
        for (var p = 0; p < node.Free.Length; p++)
        {
            if (node.Free[p] >= WorkNode.Whole && job.Accepts[node.Model[p]] && !context.IsExcluded(p))
            {
                eligible[count++] = p;
                anyLink |= node.Link[p] >= 0;
            }
        }

        if (count < need)
            return false;
        if (!nvLinkAware || !anyLink || need == count)
        {
            eligible[..need].CopyTo(into);
            return true;
        }

        return PickByLink(node, eligible[..count], need, into);
    }

    private static bool PickByLink(WorkNode node, ReadOnlySpan<int> eligible, int need, Span<int> into)
    {
        // Eligible GPUs per NVLink group; groups are small integers (-1 = not linked), counted in a stack array.
        const int MaxGroups = 64;
        Span<int> counts = stackalloc int[MaxGroups];
        foreach (var p in eligible)
        {
            var link = node.Link[p];
            if (link >= MaxGroups)
            {
                eligible[..need].CopyTo(into); // exotic numbering: fall back to the lowest positions
                return true;
            }

            if (link >= 0)
                counts[link]++;
        }

        // Best fit: the linked group with the fewest eligible GPUs that still holds the whole job.
        var best = -1;
        for (var g = 0; g < MaxGroups; g++)
        {
            if (counts[g] >= need && (best < 0 || counts[g] < counts[best]))
                best = g;
        }

        var filled = 0;
        if (best >= 0)
        {
            foreach (var p in eligible)
            {
                if (node.Link[p] == best && filled < need)
                    into[filled++] = p;
            }

            return true;
        }

        // No group holds it: take from the largest groups first (unlinked GPUs last), so it spans as few as possible.
        Span<bool> used = stackalloc bool[MaxGroups];
        while (filled < need)
        {
            var largest = -1;
            for (var g = 0; g < MaxGroups; g++)
            {
                if (!used[g] && counts[g] > 0 && (largest < 0 || counts[g] > counts[largest]))
                    largest = g;
            }

            foreach (var p in eligible)
            {
                if (filled < need && node.Link[p] == largest)
                    into[filled++] = p;
            }

            if (largest < 0)
                break;
            used[largest] = true;
        }

        return filled == need;
    }
}
