using Gantry.Core;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;
using Gantry.Planning.Sizing;

namespace Gantry.Planning;

/// <summary>
/// Sizes AI workloads against the catalogs: <see cref="Train"/>, <see cref="Finetune"/>, <see cref="Serve"/> and
/// <see cref="Tco"/>. Pure and deterministic: bad input comes back as an <see cref="Outcome{T}"/> error.
/// </summary>
public sealed partial class Planner
{
    private static readonly Lazy<Planner> DefaultPlanner = new(() => new Planner(PlanningCatalog.BuiltIn));

    public Planner(PlanningCatalog catalog)
    {
        Catalog = catalog;
    }

    /// <summary>A planner over the built-in catalogs.</summary>
    public static Planner Default => DefaultPlanner.Value;

    public PlanningCatalog Catalog { get; }

    private double DefaultValue(string name) => Catalog.Default(name).Value;

    /// <summary>The GPU and model every sizing starts from (train, fine-tune, serve).</summary>
    private Outcome<(GpuSpec Gpu, ResolvedModel Model)> ResolveGpuAndModel(string? gpuName, string? model, string? paramsText, AssumptionLog log)
    {
        var gpu = Catalog.FindGpu(gpuName);
        if (!gpu.IsOk)
            return gpu.Error;
        var resolved = ResolveModel(model, paramsText, log);
        if (!resolved.IsOk)
            return resolved.Error;
        return (gpu.Value, resolved.Value);
    }

    private Outcome<ResolvedModel> ResolveModel(string? model, string? paramsText, AssumptionLog log)
    {
        double? given = null;
        if (paramsText is not null)
        {
            var parsed = ScaledCount.Parse(paramsText, "params");
            if (!parsed.IsOk)
                return parsed.Error;
            given = parsed.Value;
        }

        if (!string.IsNullOrWhiteSpace(model))
        {
            var found = Catalog.FindModel(model);
            if (!found.IsOk)
                return found.Error;
            var arch = found.Value;
            var parameters = given ?? arch.Params;
            var active = parameters * (arch.ParamsPerToken / arch.Params);
            if (given is null)
                log.Add("params", arch.Params, arch.Source);
            return new ResolvedModel(arch.Name, parameters, active, arch);
        }

        if (given is null)
            return GantryError.Invalid("give a model name (model) or a parameter count (params), such as 7B");
        var inferred = ArchitectureInference.FromParams(given.Value);
        log.Add("architecture", $"{inferred.Layers} layers, hidden {inferred.Hidden}, {inferred.Heads} heads, vocabulary {inferred.Vocab}", inferred.Source);
        return new ResolvedModel(null, given.Value, given.Value, inferred);
    }

    private OwnedFleet FleetFor(GpuSpec gpu, OnPremPrice price, double pue)
    {
        var network = Catalog.Default(DefaultNames.NetworkStorageCapexFraction);
        var powerKw = price.ServerPowerKw is { } kw
            ? kw / price.GpusPerServer
            : gpu.TdpW / 1000 * DefaultValue(DefaultNames.HostPowerFactor);
        return new OwnedFleet(
            price.UsdPerGpu * (1 + network.Value),
            DefaultValue(DefaultNames.AmortizationYears),
            DefaultValue(DefaultNames.OperationsFractionPerYear),
            powerKw,
            pue,
            DefaultValue(DefaultNames.ElectricityUsdPerKwh),
            DefaultValue(DefaultNames.IdlePowerFraction));
    }

    private void LogOwnershipDefaults(AssumptionLog log)
    {
        foreach (var name in new[]
                 {
                     DefaultNames.NetworkStorageCapexFraction, DefaultNames.AmortizationYears, DefaultNames.OperationsFractionPerYear,
                     DefaultNames.ElectricityUsdPerKwh, DefaultNames.IdlePowerFraction,
                 })
        {
            var value = Catalog.Default(name);
            log.Add(name, value.Value, value.Source);
        }
    }

    /// <summary>Each cloud offer for the GPU (on demand, and spot with its preemption overhead) and each owned server, priced for <paramref name="gpuHours"/>.</summary>
    private List<CostOption> PriceGpuHours(GpuSpec gpu, double gpuHours, double pue, double onPremUtilization, AssumptionLog log)
    {
        var costs = new List<CostOption>();
        var spotOverhead = Catalog.Default(DefaultNames.SpotOverhead);
        var cloud = Catalog.CloudPricesFor(gpu).ToList();
        foreach (var offer in cloud)
        {
            costs.Add(new CostOption
            {
                Option = "cloud_on_demand",
                Offer = offer.Name,
                TotalUsd = gpuHours * offer.OnDemandUsdPerGpuHour,
                UsdPerGpuHour = offer.OnDemandUsdPerGpuHour,
                Read = offer.Read,
                Source = offer.Source,
            });
            if (offer.SpotUsdPerGpuHour is { } spot)
            {
                var effective = spot * (1 + spotOverhead.Value);
                costs.Add(new CostOption
                {
                    Option = "cloud_spot",
                    Offer = offer.Name,
                    TotalUsd = gpuHours * effective,
                    UsdPerGpuHour = effective,
                    Read = offer.Read,
                    Source = offer.Source,
                });
            }
        }

        if (cloud.Any(o => o.SpotUsdPerGpuHour is not null))
            log.Add(DefaultNames.SpotOverhead, spotOverhead.Value, spotOverhead.Source);

        var owned = Catalog.OnPremPricesFor(gpu).ToList();
        foreach (var server in owned)
        {
            var perHour = FleetFor(gpu, server, pue).UsdPerUsedGpuHour(onPremUtilization);
            costs.Add(new CostOption
            {
                Option = "on_prem",
                Offer = server.Name,
                TotalUsd = gpuHours * perHour,
                UsdPerGpuHour = perHour,
                Read = server.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Source = server.Source,
            });
        }

        if (owned.Count > 0)
            LogOwnershipDefaults(log);
        if (costs.Count == 0)
            log.Add("costs", "none", $"the price catalog has no offer for {gpu.Name}; add one under cloud or on_prem");
        return [.. costs.OrderBy(c => c.UsdPerGpuHour)];
    }
}
