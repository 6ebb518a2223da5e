using Gantry.Core.Api.Cost;

namespace Gantry.Planning.Cost;

/// <summary>
/// Builds a <see cref="CostReport"/> from allocations: each allocation's resource-hours inside the window times its
/// node's rates, summed per group; with capacities given, the unallocated resource-hours of every node as the
/// <c>__idle__</c> row and allocated ÷ available as efficiency; by deployment, each deployment's cost ÷ its predictions. Pure: the caller passes "now".
/// </summary>
public static class CostReportBuilder
{
    public const string Currency = "USD";

    public static CostReport Build(CostReportInput input)
    {
        var to = Math.Min(input.ToMs, input.NowMs);
        var from = Math.Min(input.FromMs, to);
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var usage = new Dictionary<string, NodeUsage>(StringComparer.Ordinal);
        foreach (var allocation in input.Allocations)
        {
            var rates = input.RatesFor(allocation);
            var cost = CostMath.Of(allocation, rates, from, to, input.NowMs);
            if (cost.Hours <= 0)
                continue;
            var key = KeyOf(allocation, input.By);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = new Group(key, allocation, input.By);
            group.Add(cost);
            if (input.UtilisedGpuHours is { } utilised && utilised.TryGetValue(allocation.Kind + "/" + allocation.Id, out var used) && cost.GpuHours > 0)
                group.AddUtilised(used, cost.GpuHours);
            IEnumerable<CostNode> held = allocation.Gang.Count > 0 ? allocation.Gang
                : allocation.Node is { } single ? [new CostNode(single, allocation.Devices)] : [];
            foreach (var member in held)
            {
                if (!usage.TryGetValue(member.Node, out var nodeUsage))
                    usage[member.Node] = nodeUsage = new NodeUsage();
                nodeUsage.Add(allocation, member.Devices, cost, Math.Max(allocation.StartMs, from));
            }
        }

        var windowStart = DateTimeOffset.FromUnixTimeMilliseconds(from);
        var windowEnd = DateTimeOffset.FromUnixTimeMilliseconds(to);
        var idle = input.Capacities is { } capacities ? Idle(capacities, usage, from, to) : null;
        var rows = groups.Values
            .Select(g => g.ToRow(windowStart, windowEnd, input.By == CostGrouping.Pool ? idle?.PoolEfficiency(g.Key) : g.UtilisationEfficiency, input.Predictions))
            .OrderByDescending(r => r.TotalCost).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var allocated = new Group(string.Empty, null, input.By);
        foreach (var group in groups.Values)
            allocated.Add(group);
        if (idle is not null)
        {
            rows.Add(new CostRow(CostReport.IdleRow, windowStart, windowEnd, idle.GpuHours, idle.CpuHours, idle.RamGibHours,
                idle.GpuCost, idle.CpuCost, idle.RamCost, idle.TotalCost));
        }

        var totals = new CostTotals(
            allocated.GpuHours,
            allocated.CpuHours,
            allocated.RamGibHours,
            allocated.TotalCost,
            idle?.TotalCost,
            allocated.TotalCost + (idle?.TotalCost ?? 0),
            idle?.AvailableGpuHours,
            idle?.AvailableCpuHours,
            idle?.Efficiency);
        return new CostReport(
            input.By.ToString().ToLowerInvariant(),
            windowStart,
            windowEnd,
            Currency,
            rows,
            totals,
            input.Notes);
    }

    private static string KeyOf(CostAllocation allocation, CostGrouping by) => by switch
    {
        CostGrouping.Project => allocation.Project,
        CostGrouping.User => allocation.User,
        CostGrouping.Pool => allocation.Pool,
        CostGrouping.Deployment => allocation.Kind == "deployment" ? allocation.Id : CostReport.UnallocatedRow,
        _ => allocation.Kind == "job" ? allocation.Id : allocation.Kind + "/" + allocation.Id,
    };

    /// <summary>Unallocated capacity: every node's resource-hours since it was first seen, less what allocations held.</summary>
    private static IdleResult Idle(IReadOnlyList<NodeCapacity> capacities, Dictionary<string, NodeUsage> usage, long from, long to)
    {
        var result = new IdleResult();
        foreach (var capacity in capacities)
        {
            var shape = capacity.Shape;
            var used = usage.GetValueOrDefault(shape.Name) ?? new NodeUsage();

            // A node is available from when it was first seen, or from its first allocation if that is earlier.
            var since = Math.Max(from, Math.Min(capacity.SinceMs, used.EarliestStartMs ?? capacity.SinceMs));
            var hours = CostMath.HoursWithin(since, to, from, to);
            var pool = result.Pool(shape.Pool);
            foreach (var device in shape.Devices)
            {
                var free = Math.Max(0, hours - used.DeviceHours.GetValueOrDefault(device.Index));
                result.GpuHours += free;
                result.GpuCost += free * capacity.Rates.GpuRate(device.Index);
            }

            var gpuAvailable = shape.Devices.Count * hours;
            var gpuAllocated = Math.Min(gpuAvailable, used.GpuHours);
            var cpuAvailable = shape.Cpus * hours;
            var cpuAllocated = Math.Min(cpuAvailable, used.CpuHours);
            var ramAvailable = shape.MemoryBytes / RateCard.GibBytes * hours;
            var ramFree = Math.Max(0, ramAvailable - used.RamGibHours);
            result.CpuHours += cpuAvailable - cpuAllocated;
            result.CpuCost += (cpuAvailable - cpuAllocated) * capacity.Rates.Cpu.UsdPerHour;
            result.RamGibHours += ramFree;
            result.RamCost += ramFree * capacity.Rates.Memory.UsdPerHour;
            result.AvailableGpuHours += gpuAvailable;
            result.AllocatedGpuHours += gpuAllocated;
            result.AvailableCpuHours += cpuAvailable;
            result.AllocatedCpuHours += cpuAllocated;
            pool.AvailableGpuHours += gpuAvailable;
            pool.AllocatedGpuHours += gpuAllocated;
            pool.AvailableCpuHours += cpuAvailable;
            pool.AllocatedCpuHours += cpuAllocated;
        }

        return result;
    }

    private sealed class Group(string key, CostAllocation? first, CostGrouping by)
    {
        private double _utilised;
        private double _utilisedOf;

        public string Key { get; } = key;

        public double GpuHours { get; private set; }

        public double CpuHours { get; private set; }

        public double RamGibHours { get; private set; }

        public double GpuCost { get; private set; }

        public double CpuCost { get; private set; }

        public double RamCost { get; private set; }

        public double TotalCost => GpuCost + CpuCost + RamCost;

        public double? UtilisationEfficiency => _utilisedOf > 0 ? _utilised / _utilisedOf : null;

        public void Add(AllocationCost cost)
        {
            GpuHours += cost.GpuHours;
            CpuHours += cost.CpuHours;
            RamGibHours += cost.RamGibHours;
            GpuCost += cost.GpuCost;
            CpuCost += cost.CpuCost;
            RamCost += cost.RamCost;
        }

        public void Add(Group other)
        {
            GpuHours += other.GpuHours;
            CpuHours += other.CpuHours;
            RamGibHours += other.RamGibHours;
            GpuCost += other.GpuCost;
            CpuCost += other.CpuCost;
            RamCost += other.RamCost;
        }

        public void AddUtilised(double utilisedGpuHours, double allocatedGpuHours)
        {
            _utilised += Math.Min(utilisedGpuHours, allocatedGpuHours);
            _utilisedOf += allocatedGpuHours;
        }

        public CostRow ToRow(DateTimeOffset start, DateTimeOffset end, double? efficiency, IReadOnlyDictionary<string, long>? predictions)
        {
            if (by == CostGrouping.Deployment && first is { Kind: "deployment" } deployment)
            {
                long? count = predictions is null ? null : predictions.GetValueOrDefault(Key);
                double? perPrediction = count > 0 ? TotalCost / count.Value : null;
                return new CostRow(Key, start, end, GpuHours, CpuHours, RamGibHours, GpuCost, CpuCost, RamCost, TotalCost, efficiency,
                    deployment.Project, deployment.User, deployment.Pool, Predictions: count, CostPerPrediction: perPrediction);
            }

            var job = by == CostGrouping.Job ? first : null;
            return new CostRow(Key, start, end, GpuHours, CpuHours, RamGibHours, GpuCost, CpuCost, RamCost, TotalCost, efficiency,
                job?.Project, job?.User, job?.Pool, job?.Name);
        }
    }

    private sealed class NodeUsage
    {
        public Dictionary<int, double> DeviceHours { get; } = [];

        public double GpuHours { get; private set; }

        public double CpuHours { get; private set; }

        public double RamGibHours { get; private set; }

        public long? EarliestStartMs { get; private set; }

        public void Add(CostAllocation allocation, IReadOnlyList<int> devices, AllocationCost cost, long startMs)
        {
            // This node's share of a job on several nodes (each node holds the same resources).
            var nodes = Math.Max(1, allocation.Nodes);
            foreach (var device in devices)
                DeviceHours[device] = DeviceHours.GetValueOrDefault(device) + cost.Hours * allocation.GpuShare;
            GpuHours += cost.GpuHours / nodes;
            CpuHours += cost.CpuHours / nodes;
            RamGibHours += cost.RamGibHours / nodes;
            EarliestStartMs = EarliestStartMs is { } e ? Math.Min(e, startMs) : startMs;
        }
    }

    private sealed class PoolUse
    {
        public double AvailableGpuHours { get; set; }

        public double AllocatedGpuHours { get; set; }

        public double AvailableCpuHours { get; set; }

        public double AllocatedCpuHours { get; set; }

        public double? Efficiency =>
            AvailableGpuHours > 0 ? AllocatedGpuHours / AvailableGpuHours
            : AvailableCpuHours > 0 ? AllocatedCpuHours / AvailableCpuHours
            : null;
    }

    private sealed class IdleResult
    {
        private readonly Dictionary<string, PoolUse> _pools = new(StringComparer.Ordinal);
        private readonly PoolUse _all = new();

        public double GpuHours { get; set; }

        public double CpuHours { get; set; }

        public double RamGibHours { get; set; }

        public double GpuCost { get; set; }

        public double CpuCost { get; set; }

        public double RamCost { get; set; }

        public double TotalCost => GpuCost + CpuCost + RamCost;

        public double AvailableGpuHours { get => _all.AvailableGpuHours; set => _all.AvailableGpuHours = value; }

        public double AllocatedGpuHours { get => _all.AllocatedGpuHours; set => _all.AllocatedGpuHours = value; }

        public double AvailableCpuHours { get => _all.AvailableCpuHours; set => _all.AvailableCpuHours = value; }

        public double AllocatedCpuHours { get => _all.AllocatedCpuHours; set => _all.AllocatedCpuHours = value; }

        public double? Efficiency => _all.Efficiency;

        public PoolUse Pool(string name) => _pools.TryGetValue(name, out var pool) ? pool : _pools[name] = new PoolUse();

        public double? PoolEfficiency(string name) => _pools.GetValueOrDefault(name)?.Efficiency;
    }
}
