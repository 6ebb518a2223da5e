using Gantry.Core;
using Gantry.Core.Api.Data;
using Gantry.Server.Cluster;
using Gantry.Storage.Data;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Data;

/// <summary>
/// The residency rules of <c>Residency:Rules</c>. A rule for a class binds that class and every more sensitive one,
/// so a pool may read data of class C when it satisfies every rule of a class up to C: its location is listed (and its
/// region, when the rule lists regions). Without rules, restricted data stays on-premises — the class exists for
/// regulated and personal data (PHI, PII), and keeping it in-house unless an operator says otherwise is the safe
/// default; less sensitive classes may be read anywhere.
/// </summary>
internal sealed class ResidencyPolicy : IDataResidency
{
    private static readonly string[] Locations = [PoolLocations.OnPrem, PoolLocations.Cloud];
    private readonly PoolRegistry _pools;
    private readonly (DataClass Class, HashSet<string>? Locations, HashSet<string>? Regions)[] _rules;

    public ResidencyPolicy(IOptions<ResidencyOptions> options, PoolRegistry pools)
    {
        _pools = pools;
        var rules = options.Value.Rules.Count == 0
            ? [new ResidencyRule { Class = "restricted", Locations = [PoolLocations.OnPrem] }]
            : options.Value.Rules;
        var problems = new List<string>();
        var parsed = new List<(DataClass, HashSet<string>?, HashSet<string>?)>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!Enum.TryParse<DataClass>(rule.Class, ignoreCase: true, out var cls) || !Enum.IsDefined(cls) || int.TryParse(rule.Class, out _))
                problems.Add($"Residency:Rules:{i}:Class is '{rule.Class}'; expected public, internal, confidential or restricted.");
            foreach (var location in rule.Locations.Where(l => !Locations.Contains(l)))
                problems.Add($"Residency:Rules:{i}:Locations has '{location}'; expected on-prem or cloud.");
            parsed.Add((cls, rule.Locations.Count == 0 ? null : [.. rule.Locations], rule.Regions.Count == 0 ? null : [.. rule.Regions]));
        }

        if (problems.Count > 0)
            throw new InvalidOperationException("invalid residency configuration: " + string.Join(" ", problems));
        _rules = [.. parsed];
    }

    public GantryError? CheckRead(string? pool, DatasetRecord dataset)
    {
        if (pool is null || MayRead(pool, dataset.Class))
            return null;
        return GantryError.Unfittable($"dataset '{dataset.Name}': {Describe(dataset.Class)}; pool '{pool}' is {_pools.LocationOf(pool)} in region {_pools.RegionOf(pool)}");
    }

    public bool MayRead(string pool, DataClass? dataClass)
    {
        if (dataClass is not { } cls)
            return true;
        var location = _pools.LocationOf(pool);
        var region = _pools.RegionOf(pool);
        foreach (var rule in _rules)
        {
            if (rule.Class > cls)
                continue;
            if (rule.Locations is { } locations && !locations.Contains(location))
                return false;
            if (rule.Regions is { } regions && !regions.Contains(region))
                return false;
        }

        return true;
    }

    public string? Describe(DataClass dataClass)
    {
        var binding = _rules.Where(r => r.Class <= dataClass).ToArray();
        var locations = binding.Where(r => r.Locations is not null).Select(r => r.Locations!).Aggregate((IEnumerable<string>?)null, (all, l) => all is null ? l : all.Intersect(l))?.Order().ToArray();
        var regions = binding.Where(r => r.Regions is not null).Select(r => r.Regions!).Aggregate((IEnumerable<string>?)null, (all, l) => all is null ? l : all.Intersect(l))?.Order().ToArray();
        if (locations is null && regions is null)
            return null;
        var where = locations is null ? "" : locations.Length == 0 ? " no" : " " + string.Join(" or ", locations);
        var inRegions = regions is null ? "" : $" in region {string.Join(" or ", regions)}";
        return $"inputs of class {dataClass.ToString().ToLowerInvariant()} may only be read in{where} pools{inRegions}";
    }
}
