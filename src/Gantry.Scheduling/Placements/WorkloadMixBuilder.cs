using Gantry.Scheduling.Model;

namespace Gantry.Scheduling.Placements;

/// <summary>
/// Builds the workload mix for fragmentation-aware placement from the shapes seen (the queue and
/// what runs, or a trace): one class per distinct shape, weighted by how often it occurs, the
/// most frequent first, cut to <paramref name="maxClasses"/> (FGD's "typical pods").
/// </summary>
internal static class WorkloadMixBuilder
{
    public static IReadOnlyList<WorkloadClass> FromShapes(IEnumerable<(int Gpus, int Milli, long Cpu, long Memory, string? GpuType)> shapes, int maxClasses = 64)
    {
        var counts = new Dictionary<(int, int, long, long, string?), int>();
        foreach (var s in shapes)
        {
            if (s.Gpus <= 0)
                continue;
            var key = (s.Gpus, s.Milli, s.Cpu, s.Memory, s.GpuType);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2).ThenBy(kv => kv.Key.Item3).ThenBy(kv => kv.Key.Item4)
            .ThenBy(kv => kv.Key.Item5, StringComparer.Ordinal)
            .Take(maxClasses)
            .Select(kv => new WorkloadClass(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Key.Item5, kv.Value))
            .ToArray();
    }
}
