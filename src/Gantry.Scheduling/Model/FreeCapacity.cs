namespace Gantry.Scheduling.Model;

/// <summary>Derives what is free from what exists and what runs, so a caller keeps one source of truth.</summary>
public static class FreeCapacity
{
    /// <summary>
    /// The nodes with their free GPU shares, CPUs and memory reduced by the running allocations
    /// (the nodes' own free fields are taken as the starting point; pass idle nodes). Allocations
    /// on unknown nodes or GPUs are ignored.
    /// </summary>
    public static IReadOnlyList<NodeSnapshot> Subtract(IReadOnlyList<NodeSnapshot> nodes, IEnumerable<RunningAllocation> running)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(running);
        var byNode = new Dictionary<string, List<NodeAllocation>>(StringComparer.Ordinal);
        foreach (var a in running)
        {
            foreach (var p in a.Placements)
            {
                if (!byNode.TryGetValue(p.Node, out var list))
                    byNode[p.Node] = list = [];
                list.Add(p);
            }
        }

        var result = new NodeSnapshot[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (!byNode.TryGetValue(n.Name, out var held))
            {
                result[i] = n;
                continue;
            }

            var free = n.Gpus.ToDictionary(g => g.Index, g => g.FreeMilli);
            long cpu = n.FreeCpuMilli, memory = n.FreeMemoryBytes;
            foreach (var p in held)
            {
                foreach (var g in p.Gpus)
                {
                    if (free.ContainsKey(g.Index))
                        free[g.Index] -= g.Milli;
                }

                cpu -= p.CpuMilli;
                memory -= p.MemoryBytes;
            }

            result[i] = n with { Gpus = n.Gpus.Select(g => g with { FreeMilli = Math.Max(0, free[g.Index]) }).ToArray(), FreeCpuMilli = cpu, FreeMemoryBytes = memory };
        }

        return result;
    }
}
