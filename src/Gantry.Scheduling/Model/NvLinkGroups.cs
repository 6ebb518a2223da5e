using Gantry.Core.Hardware;

namespace Gantry.Scheduling.Model;

/// <summary>NVLink groups for <see cref="GpuState.NvLinkGroup"/> from a node's <c>nvidia-smi topo -m</c> matrix.</summary>
public static class NvLinkGroups
{
    /// <summary>
    /// For each GPU index, the id of its NVLink island (GPUs joined by NVLink links, directly or
    /// through others), numbered 0, 1, … in index order; -1 for a GPU with no NVLink. No topology: all -1.
    /// </summary>
    public static IReadOnlyDictionary<int, int> From(GpuTopology? topology)
    {
        var groups = new Dictionary<int, int>();
        if (topology is null)
            return groups;
        var next = 0;
        foreach (var gpu in topology.Gpus.Order())
        {
            if (groups.ContainsKey(gpu))
                continue;
            var linked = topology.Gpus.Any(other => other != gpu && topology.IsNvLink(gpu, other));
            if (!linked)
            {
                groups[gpu] = -1;
                continue;
            }

            var id = next++;
            var stack = new Stack<int>([gpu]);
            while (stack.TryPop(out var current))
            {
                if (groups.ContainsKey(current))
                    continue;
                groups[current] = id;
                foreach (var other in topology.Gpus)
                {
                    if (other != current && !groups.ContainsKey(other) && topology.IsNvLink(current, other))
                        stack.Push(other);
                }
            }
        }

        return groups;
    }
}
