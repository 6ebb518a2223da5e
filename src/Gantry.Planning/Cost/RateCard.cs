using System.Globalization;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Sizing;

namespace Gantry.Planning.Cost;

/// <summary>
/// Derives a node's rates from its pool's pricing and the catalog. Cloud pools: GPUs at the catalog's on-demand
/// price per GPU-hour, CPUs and memory at OpenCost's default prices. On-premises pools: the node's hourly cost of
/// ownership (purchase amortised over its life, operations, electricity × PUE; the planner's TCO model) split over
/// its GPUs, CPUs and memory in proportion to what renting each would cost. Rates given in configuration win.
/// </summary>
public static class RateCard
{
    public const double HoursPerYear = OwnedFleet.HoursPerYear;
    public const double GibBytes = 1024.0 * 1024 * 1024;

    public static NodeRates For(PlanningCatalog catalog, PoolPricing pricing, NodeShape node)
    {
        var derivation = new List<string>();
        var models = node.Devices.GroupBy(d => d.Model, StringComparer.Ordinal).Select(g => (Model: g.Key, Count: g.Count())).ToList();
        double? nodeUsdPerHour = null;
        Dictionary<string, PricedRate> derivedGpu;
        PricedRate derivedCpu, derivedMemory;
        if (pricing.Kind == PricingKind.Cloud)
        {
            derivedGpu = models.ToDictionary(m => m.Model, m => CloudGpuRate(catalog, pricing, m.Model), StringComparer.Ordinal);
            derivedCpu = new PricedRate(RentalWeights.CpuUsdPerHour, RentalWeights.Source + " per vCPU-hour");
            derivedMemory = new PricedRate(RentalWeights.MemoryUsdPerGibHour, RentalWeights.Source + " per GiB-hour");
        }
        else
        {
            var owned = OwnedNode(catalog, pricing, node, models, derivation);
            nodeUsdPerHour = owned.NodeUsdPerHour;
            derivedGpu = owned.Gpu;
            derivedCpu = owned.Cpu;
            derivedMemory = owned.Memory;
        }

        var gpus = models.Select(m => new GpuModelRate(m.Model, m.Count, Configured(pricing, m.Model) ?? derivedGpu[m.Model])).ToList();
        var byModel = gpus.ToDictionary(g => g.Model, g => g.Rate.UsdPerHour, StringComparer.Ordinal);
        var fallback = node.Devices.Count > 0
            ? node.Devices.Average(d => byModel[d.Model])
            : pricing.GpuUsdPerHour ?? 0;
        return new NodeRates
        {
            Node = node.Name,
            Pool = node.Pool,
            Kind = pricing.Kind,
            Gpus = gpus,
            DeviceRates = node.Devices.ToDictionary(d => d.Index, d => byModel[d.Model]),
            Cpu = pricing.CpuUsdPerHour is { } cpu ? new PricedRate(cpu, $"configured: Cost:Pools:{pricing.Pool}:CpuUsdPerHour") : derivedCpu,
            Memory = pricing.MemoryUsdPerGibHour is { } memory ? new PricedRate(memory, $"configured: Cost:Pools:{pricing.Pool}:MemoryUsdPerGibHour") : derivedMemory,
            NodeUsdPerHour = nodeUsdPerHour,
            Derivation = derivation,
            FallbackGpuUsdPerHour = fallback,
        };
    }

    /// <summary>Rates for allocations whose node is not in the cluster any more: only what configuration gives, else zero.</summary>
    public static NodeRates Unknown(PoolPricing pricing, string node) => new()
    {
        Node = node,
        Pool = pricing.Pool,
        Kind = pricing.Kind,
        Gpus = [],
        DeviceRates = new Dictionary<int, double>(),
        Cpu = new PricedRate(pricing.CpuUsdPerHour ?? 0, "node unknown: configured CpuUsdPerHour, else 0"),
        Memory = new PricedRate(pricing.MemoryUsdPerGibHour ?? 0, "node unknown: configured MemoryUsdPerGibHour, else 0"),
        FallbackGpuUsdPerHour = pricing.GpuUsdPerHour ?? 0,
    };

    private static PricedRate? Configured(PoolPricing pricing, string model)
    {
        // The longest key that names the model wins, so "H100 PCIe" beats "H100".
        var key = pricing.Gpus.Keys.Where(k => CatalogGpuMatch.KeyMatches(model, k)).MaxBy(k => k.Length);
        if (key is not null)
            return new PricedRate(pricing.Gpus[key], $"configured: Cost:Pools:{pricing.Pool}:Gpus:{key}");
        return pricing.GpuUsdPerHour is { } all ? new PricedRate(all, $"configured: Cost:Pools:{pricing.Pool}:GpuUsdPerHour") : null;
    }

    private static PricedRate CloudGpuRate(PlanningCatalog catalog, PoolPricing pricing, string model)
    {
        if (pricing.GpuOffer is { } name)
        {
            var named = catalog.CloudPrices.FirstOrDefault(p => CatalogNames.Normalize(p.Name) == CatalogNames.Normalize(name));
            if (named is not null)
                return new PricedRate(named.OnDemandUsdPerGpuHour, $"catalog offer {named.Name} (configured GpuOffer), on demand, read {named.Read}: {named.Source}");
        }

        var spec = CatalogGpuMatch.Find(catalog, model);
        var offer = spec is null
            ? null
            : catalog.CloudPricesFor(spec)
                .Where(p => pricing.Provider is null || string.Equals(p.Provider, pricing.Provider, StringComparison.OrdinalIgnoreCase))
                .MinBy(p => p.OnDemandUsdPerGpuHour);
        var from = pricing.Provider is null ? string.Empty : $" of {pricing.Provider}";
        if (offer is null)
            return PricedRate.Zero($"unpriced: the catalog has no cloud price{from} for '{model}'; set Cost:Pools:{pricing.Pool}:Gpus:<model> (USD per GPU-hour)");
        return new PricedRate(offer.OnDemandUsdPerGpuHour, $"cheapest on-demand catalog offer{from} for {spec!.Name}: {offer.Name}, read {offer.Read}: {offer.Source}");
    }

    private static OwnedRates OwnedNode(PlanningCatalog catalog, PoolPricing pricing, NodeShape node, List<(string Model, int Count)> models, List<string> lines)
    {
        var pool = pricing.Pool;
        var specs = models.ToDictionary(m => m.Model, m => CatalogGpuMatch.Find(catalog, m.Model), StringComparer.Ordinal);

        // 1. What the node cost to buy, and what it draws.
        double capex;
        double powerKw;
        if (pricing.ServerUsd is { } given)
        {
            capex = given;
            lines.Add($"server price: {Usd(capex)} (configured: Cost:Pools:{pool}:ServerUsd)");
        }
        else
        {
            capex = 0;
            foreach (var (model, count) in models)
            {
                var server = specs[model] is { } spec ? catalog.OnPremPricesFor(spec).MinBy(p => p.UsdPerGpu) : null;
                if (server is null)
                {
                    lines.Add($"server price: no catalog server with '{model}'; its share of the node is unpriced (set Cost:Pools:{pool}:ServerUsd)");
                    continue;
                }

                capex += server.UsdPerGpu * count;
                lines.Add($"server price: {count} × {Usd(server.UsdPerGpu)} per {specs[model]!.Name} ({server.Name}: {Usd(server.ServerUsd)} / {server.GpusPerServer} GPUs; {server.Source})");
            }

            if (models.Count == 0)
                lines.Add($"server price: unknown for a node without GPUs (set Cost:Pools:{pool}:ServerUsd)");
        }

        if (pricing.ServerPowerKw is { } kw)
        {
            powerKw = kw;
            lines.Add($"power: {Num(kw)} kW (configured: Cost:Pools:{pool}:ServerPowerKw)");
        }
        else
        {
            powerKw = 0;
            foreach (var (model, count) in models)
            {
                if (specs[model] is not { } spec)
                    continue;
                var server = catalog.OnPremPricesFor(spec).Where(p => p.ServerPowerKw is not null).MinBy(p => p.UsdPerGpu);
                if (server is not null)
                {
                    powerKw += server.ServerPowerKw!.Value / server.GpusPerServer * count;
                    lines.Add($"power: {count} × {Num(server.ServerPowerKw.Value / server.GpusPerServer)} kW ({server.Name}: {Num(server.ServerPowerKw.Value)} kW / {server.GpusPerServer} GPUs)");
                }
                else
                {
                    var factor = catalog.Default(DefaultNames.HostPowerFactor).Value;
                    powerKw += spec.TdpW / 1000 * factor * count;
                    lines.Add($"power: {count} × {Num(spec.TdpW)} W TDP × {Num(factor)} host power factor ({spec.Name})");
                }
            }
        }

        // 2. The catalog's sourced defaults, unless configuration says otherwise.
        var years = Pick(catalog, lines, pool, "AmortizationYears", pricing.AmortizationYears, DefaultNames.AmortizationYears);
        var operations = Pick(catalog, lines, pool, "OperationsFractionPerYear", pricing.OperationsFractionPerYear, DefaultNames.OperationsFractionPerYear);
        var network = Pick(catalog, lines, pool, "NetworkStorageCapexFraction", pricing.NetworkStorageCapexFraction, DefaultNames.NetworkStorageCapexFraction);
        var pue = Pick(catalog, lines, pool, "Pue", pricing.Pue, DefaultNames.Pue);
        var tariff = Pick(catalog, lines, pool, "ElectricityUsdPerKwh", pricing.ElectricityUsdPerKwh, DefaultNames.ElectricityUsdPerKwh);
        var idle = Pick(catalog, lines, pool, "IdlePowerFraction", pricing.IdlePowerFraction, DefaultNames.IdlePowerFraction);
        var utilization = Pick(catalog, lines, pool, "Utilization", pricing.Utilization, DefaultNames.OnPremUtilization);

        // 3. The node's hourly cost of ownership: the planner's TCO model for one node over one year, per hour.
        var fleet = new OwnedFleet(capex * (1 + network), years, operations, powerKw, pue, tariff, idle);
        var capital = fleet.Capex(1, 1) / HoursPerYear;
        var ops = fleet.Operations(1, 1) / HoursPerYear;
        var energy = fleet.Energy(1, 1, utilization) / HoursPerYear;
        var hourly = capital + ops + energy;
        lines.Add($"capital: {Usd(capex)} × (1 + {Num(network)}) / {Num(years)} years / {HoursPerYear:0} h = {Usd(capital)}/h");
        lines.Add($"operations: {Usd(capex)} × (1 + {Num(network)}) × {Num(operations)} per year / {HoursPerYear:0} h = {Usd(ops)}/h");
        lines.Add($"energy: {Num(powerKw)} kW × ({Num(idle)} + (1 − {Num(idle)}) × {Num(utilization)} busy) × {Num(pue)} PUE × {Usd(tariff)}/kWh = {Usd(energy)}/h");
        lines.Add($"node: {Usd(hourly)}/h, whether busy or idle");

        // 4. Split it in proportion to what renting each part would cost.
        var weights = new Dictionary<string, (double PerGpu, string Source)>(StringComparer.Ordinal);
        foreach (var (model, _) in models)
        {
            var offer = specs[model] is { } spec ? catalog.CloudPricesFor(spec).MinBy(p => p.OnDemandUsdPerGpuHour) : null;
            weights[model] = offer is not null
                ? (offer.OnDemandUsdPerGpuHour, $"{offer.Name} on demand")
                : (RentalWeights.GpuUsdPerHour, "OpenCost default GPU price");
        }

        var gib = node.MemoryBytes / GibBytes;
        var gpuWeight = models.Sum(m => m.Count * weights[m.Model].PerGpu);
        var cpuWeight = node.Cpus * RentalWeights.CpuUsdPerHour;
        var memoryWeight = gib * RentalWeights.MemoryUsdPerGibHour;
        var total = gpuWeight + cpuWeight + memoryWeight;
        var parts = models.Select(m => $"{m.Count} × {m.Model} at {Usd(weights[m.Model].PerGpu)} ({weights[m.Model].Source})")
            .Append($"{Num(node.Cpus)} CPUs at {Usd(RentalWeights.CpuUsdPerHour)}")
            .Append($"{Num(gib)} GiB at {Usd(RentalWeights.MemoryUsdPerGibHour)}");
        lines.Add($"split by rental value (OpenCost default CPU and memory prices): {string.Join(", ", parts)}");

        var unpriced = hourly <= 0;
        var note = unpriced ? $"unpriced: the node's cost is unknown; set Cost:Pools:{pool}:ServerUsd (and ServerPowerKw) or the rates" : null;
        var gpu = models.ToDictionary(
            m => m.Model,
            m =>
            {
                var rate = total > 0 ? hourly * weights[m.Model].PerGpu / total : 0;
                return new PricedRate(rate, note ?? $"on-prem TCO of node {node.Name}: {Usd(hourly)}/h × {Usd(weights[m.Model].PerGpu)} / {Usd(total)} rental weight");
            },
            StringComparer.Ordinal);
        var cpuRate = total > 0 ? hourly * RentalWeights.CpuUsdPerHour / total : 0;
        var memoryRate = total > 0 ? hourly * RentalWeights.MemoryUsdPerGibHour / total : 0;
        foreach (var (model, rate) in gpu)
            lines.Add($"GPU {model}: {Usd(rate.UsdPerHour)} per GPU-hour");
        lines.Add($"CPU: {Usd(cpuRate)} per core-hour; memory: {Usd(memoryRate)} per GiB-hour");
        return new OwnedRates(
            hourly,
            gpu,
            new PricedRate(cpuRate, note ?? $"on-prem TCO of node {node.Name}: {Usd(hourly)}/h × {Usd(RentalWeights.CpuUsdPerHour)} / {Usd(total)} rental weight"),
            new PricedRate(memoryRate, note ?? $"on-prem TCO of node {node.Name}: {Usd(hourly)}/h × {Usd(RentalWeights.MemoryUsdPerGibHour)} / {Usd(total)} rental weight"));
    }

    private static double Pick(PlanningCatalog catalog, List<string> lines, string pool, string key, double? given, string defaultName)
    {
        if (given is { } value)
        {
            lines.Add($"{defaultName}: {Num(value)} (configured: Cost:Pools:{pool}:{key})");
            return value;
        }

        var fallback = catalog.Default(defaultName);
        lines.Add($"{defaultName}: {Num(fallback.Value)} ({fallback.Source})");
        return fallback.Value;
    }

    private static string Usd(double value) =>
        "$" + (Math.Abs(value) >= 100 ? value.ToString("#,0.##", CultureInfo.InvariantCulture) : value.ToString("0.######", CultureInfo.InvariantCulture));

    private static string Num(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private sealed record OwnedRates(double NodeUsdPerHour, Dictionary<string, PricedRate> Gpu, PricedRate Cpu, PricedRate Memory);
}
