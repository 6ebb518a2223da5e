using Gantry.Scheduling.Placements;

namespace Gantry.Scheduling.Policies;

/// <summary>
/// Remembers request shapes that found no place in this cycle. Free capacity only shrinks during a
/// cycle, so a request at least as large in every way (same pool and GPU type) cannot fit either:
/// the 100,000th job of a common shape is refused in O(1) instead of walking the nodes again.
/// </summary>
internal sealed class FitFailureCache
{
    private const int MaxPerKey = 16;
    private readonly Dictionary<(string? Pools, string? Type, bool Share), List<ShapeKey>> _failed = [];

    public bool KnownToFail(in JobShape job)
    {
        if (!_failed.TryGetValue((job.Pools.Key, job.GpuType, job.IsShare), out var list))
            return false;
        foreach (var f in list)
        {
            if (job.Gpus >= f.Gpus && job.Milli >= f.Milli && job.Cpu >= f.Cpu && job.Memory >= f.Memory && job.Nodes >= f.Nodes)
                return true;
        }

        return false;
    }

    public void Add(in JobShape job)
    {
        var key = (job.Pools.Key, job.GpuType, job.IsShare);
        if (!_failed.TryGetValue(key, out var list))
            _failed[key] = list = [];
        if (list.Count < MaxPerKey)
            list.Add(job.Key);
    }
}
