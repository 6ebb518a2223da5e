using Gantry.Core.Api.Cost;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Cost;
using Gantry.Server.Cluster;
using Gantry.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Cost;

/// <summary>
/// The rates in force on every node, derived once per discovered inventory from <c>Cost:Pools</c> and the
/// built-in price catalog (the planner's). Allocations on nodes that left the cluster use their pool's first
/// node's rates, else only what configuration gives.
/// </summary>
internal sealed class PriceBook(ClusterInventory inventory, IOptions<CostOptions> options, IOptions<ServerOptions> server)
{
    private readonly Lock _lock = new();
    private Table? _table;

    public string LocalPool => server.Value.LocalPool;

    public IReadOnlyList<(NodeShape Shape, NodeRates Rates)> Nodes => Current().Nodes;

    public PoolPricing PricingOf(string pool)
    {
        var configured = options.Value.Pools.FirstOrDefault(p => string.Equals(p.Key, pool, StringComparison.OrdinalIgnoreCase)).Value;
        if (configured is null)
            return new PoolPricing { Pool = pool };
        return new PoolPricing
        {
            Pool = pool,
            Kind = CostOptionsValidator.ParseKind(configured.Kind) ?? PricingKind.OnPrem,
            GpuUsdPerHour = configured.GpuUsdPerHour,
            Gpus = configured.Gpus,
            CpuUsdPerHour = configured.CpuUsdPerHour,
            MemoryUsdPerGibHour = configured.MemoryUsdPerGibHour,
            Provider = configured.Provider,
            GpuOffer = configured.GpuOffer,
            ServerUsd = configured.ServerUsd,
            ServerPowerKw = configured.ServerPowerKw,
            AmortizationYears = configured.AmortizationYears,
            OperationsFractionPerYear = configured.OperationsFractionPerYear,
            NetworkStorageCapexFraction = configured.NetworkStorageCapexFraction,
            Pue = configured.Pue,
            ElectricityUsdPerKwh = configured.ElectricityUsdPerKwh,
            IdlePowerFraction = configured.IdlePowerFraction,
            Utilization = configured.Utilization,
        };
    }

    /// <summary>The pool a node belongs to, or null when it is not in the cluster.</summary>
    public string? PoolOf(string? node) =>
        node is not null && Current().ByNode.TryGetValue(node, out var entry) ? entry.Shape.Pool : null;

    public NodeRates RatesFor(string? node, string pool)
    {
        var table = Current();
        if (node is not null && table.ByNode.TryGetValue(node, out var entry))
            return entry.Rates;
        foreach (var (shape, rates) in table.Nodes)
        {
            if (string.Equals(shape.Pool, pool, StringComparison.Ordinal))
                return rates;
        }

        return RateCard.Unknown(PricingOf(pool), node ?? "unknown");
    }

    public PricesView View()
    {
        var nodes = Current().Nodes.Select(n => new NodePricesView(
            n.Shape.Name,
            n.Shape.Pool,
            n.Rates.Kind == PricingKind.Cloud ? "cloud" : "on_prem",
            n.Rates.Gpus.Select(g => new GpuRateView(g.Model, g.Count, g.Rate.UsdPerHour, g.Rate.Source)).ToArray(),
            new RateView(n.Rates.Cpu.UsdPerHour, n.Rates.Cpu.Source),
            new RateView(n.Rates.Memory.UsdPerHour, n.Rates.Memory.Source),
            n.Rates.NodeUsdPerHour,
            n.Rates.Derivation)).ToArray();
        return new PricesView(CostReportBuilder.Currency, nodes,
        [
            "GPU rates are per GPU-hour, CPU rates per core-hour, memory rates per GiB-hour, in USD.",
            "A job costs its allocation (GPUs, CPUs, memory) × the hours it held them × these rates; see docs/cost.md.",
        ]);
    }

    private Table Current()
    {
        var pools = inventory.Pools;
        var table = _table;
        if (table is not null && ReferenceEquals(table.Pools, pools))
            return table;
        lock (_lock)
        {
            if (_table is not null && ReferenceEquals(_table.Pools, pools))
                return _table;
            var catalog = PlanningCatalog.BuiltIn;
            var nodes = pools.SelectMany(p => p.Nodes.Select(n =>
            {
                var shape = new NodeShape(n.Name, p.Pool, n.Cpus, n.MemoryBytes, n.Accelerators.Select(a => new NodeDevice(a.Index, a.Model)).ToArray());
                return (shape, RateCard.For(catalog, PricingOf(p.Pool), shape));
            })).ToArray();
            _table = new Table(pools, nodes, nodes.ToDictionary(n => n.Item1.Name, n => n, StringComparer.Ordinal));
            return _table;
        }
    }

    private sealed record Table(
        IReadOnlyList<PoolNodes> Pools,
        IReadOnlyList<(NodeShape Shape, NodeRates Rates)> Nodes,
        IReadOnlyDictionary<string, (NodeShape Shape, NodeRates Rates)> ByNode);
}
