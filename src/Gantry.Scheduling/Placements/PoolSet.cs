namespace Gantry.Scheduling.Placements;

/// <summary>
/// The pools a job may be placed in, by pool id: any pool, none (a pool that does not exist), or a set — the pool the
/// job names, narrowed by the pools residency and burst allow (<see cref="Model.QueuedJob.Pools"/>).
/// <see cref="Key"/> identifies the set in per-cycle caches.
/// </summary>
internal sealed class PoolSet
{
    private readonly bool[]? _allowed;

    private PoolSet(bool[]? allowed, IReadOnlyList<string> names)
    {
        _allowed = allowed;
        Names = names;
        Key = allowed is null ? null : "{" + string.Join('|', names) + "}";
    }

    public static PoolSet Any { get; } = new(null, []);

    /// <summary>The allowed pools by name, sorted; empty for any pool (or none).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>null for any pool; else the allowed pool names, sorted and joined.</summary>
    public string? Key { get; }

    public bool IsAny => _allowed is null;

    /// <summary>No pool of the cluster is allowed: nothing can ever place the job.</summary>
    public bool IsEmpty => _allowed is not null && !_allowed.Contains(true);

    public bool Admits(int pool) => _allowed is null || (pool >= 0 && pool < _allowed.Length && _allowed[pool]);

    /// <summary>The pools that are in <paramref name="named"/> (null: any) and in <paramref name="among"/> (null: any).</summary>
    public static PoolSet Of(string? named, IReadOnlyCollection<string>? among, IReadOnlyDictionary<string, int> poolIds)
    {
        if (named is null && among is null)
            return Any;
        var names = (among ?? (IEnumerable<string>)poolIds.Keys)
            .Where(p => named is null || p == named)
            .Where(poolIds.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var allowed = new bool[poolIds.Count];
        foreach (var name in names)
            allowed[poolIds[name]] = true;
        return new PoolSet(allowed, names);
    }
}
