using Gantry.Core;
using Gantry.Planning.Catalogs;
using Gantry.Planning.Plans;
using Gantry.Planning.Sizing;

namespace Gantry.Planning;

public sealed partial class Planner
{
    /// <summary>Total cost of ownership of a fleet: on-premises, cloud on-demand, reserved, spot and hybrid, and the break-even utilisation.</summary>
    public Outcome<TcoPlan> Tco(TcoPlanInput input)
    {
        var log = new AssumptionLog();
        var gpuFound = Catalog.FindGpu(input.Gpu);
        if (!gpuFound.IsOk)
            return gpuFound.Error;
        var gpu = gpuFound.Value;
        if (input.Gpus is null)
            return GantryError.Invalid("give the fleet size (gpus)");
        var invalid = InputChecks.First(
            InputChecks.AtLeast(input.Gpus, 1, "gpus"),
            InputChecks.Fraction(input.Utilization, "utilization"),
            InputChecks.Positive(input.Years, "years"),
            InputChecks.Positive(input.ServerUsd, "server_usd"),
            InputChecks.AtLeast(input.GpusPerServer, 1, "gpus_per_server"),
            InputChecks.Positive(input.ServerPowerKw, "server_power_kw"),
            InputChecks.Positive(input.AmortizationYears, "amortization_years"),
            InputChecks.NonNegativeBelowOne(input.OperationsFractionPerYear, "operations_fraction_per_year"),
            InputChecks.NonNegativeBelowOne(input.NetworkStorageCapexFraction, "network_storage_capex_fraction"),
            InputChecks.Positive(input.ElectricityUsdPerKwh, "electricity_usd_per_kwh"),
            InputChecks.Pue(input.Pue),
            InputChecks.NonNegativeBelowOne(input.IdlePowerFraction, "idle_power_fraction"),
            InputChecks.Positive(input.OnDemandUsdPerGpuHour, "on_demand_usd_per_gpu_hour"),
            InputChecks.Positive(input.ReservedUsdPerGpuHour, "reserved_usd_per_gpu_hour"),
            InputChecks.NonNegativeBelowOne(input.ReservedDiscount, "reserved_discount"),
            InputChecks.Positive(input.SpotUsdPerGpuHour, "spot_usd_per_gpu_hour"),
            input.SpotOverhead is < 0 ? GantryError.Invalid("spot_overhead must not be negative") : null,
            InputChecks.AtLeast(input.HybridOwnedGpus, 0, "hybrid_owned_gpus"),
            input.HybridOwnedGpus > input.Gpus ? GantryError.Invalid("hybrid_owned_gpus must not exceed gpus") : null,
            InputChecks.Fraction(input.OwnedMaxUtilization, "owned_max_utilization"));
        if (invalid is not null)
            return invalid;

        var gpus = input.Gpus.Value;
        var utilization = log.Pick("utilization", input.Utilization, Catalog.Default(DefaultNames.OnPremUtilization));
        var years = log.Pick("years", input.Years, Catalog.Default(DefaultNames.AmortizationYears));
        var fleet = OwnedFleetFor(gpu, input, log);
        if (!fleet.IsOk)
            return fleet.Error;
        var onDemand = OnDemandPrice(gpu, input, log);
        if (!onDemand.IsOk)
            return onDemand.Error;
        var od = onDemand.Value;

        var hours = OwnedFleet.HoursPerYear * years;
        var used = gpus * hours * utilization;
        var costs = new List<CostOption>
        {
            Option("on_prem", fleet.Value.Total(gpus, years, utilization), used, years, new Dictionary<string, double>
            {
                ["capex"] = fleet.Value.Capex(gpus, years),
                ["operations"] = fleet.Value.Operations(gpus, years),
                ["energy"] = fleet.Value.Energy(gpus, years, utilization),
            }),
            Option("cloud_on_demand", used * od, used, years),
        };

        var reserved = ReservedPrice(gpu, input, od, log);
        costs.Add(Option("cloud_reserved", gpus * hours * reserved, used, years));

        var spot = SpotPrice(gpu, input, log);
        if (spot is { } spotPrice)
        {
            var overhead = log.Pick(DefaultNames.SpotOverhead, input.SpotOverhead, Catalog.Default(DefaultNames.SpotOverhead));
            costs.Add(Option("cloud_spot", used * spotPrice * (1 + overhead), used, years));
        }

        costs.Add(Hybrid(input, fleet.Value, gpus, utilization, years, od, log));
        var breakEven = fleet.Value.BreakEvenUtilization(od);
        if (breakEven is null)
            log.Add("break_even_utilization", "none", "cloud on-demand costs less than owning at every utilisation up to 100%");

        return new TcoPlan
        {
            Gpu = gpu.Name,
            Gpus = gpus,
            Utilization = utilization,
            Years = years,
            UsedGpuHours = used,
            Costs = costs,
            Cheapest = costs.MinBy(c => c.TotalUsd)!.Option,
            BreakEvenUtilization = breakEven,
            Assumptions = log.Items,
        };
    }

    private static CostOption Option(string option, double total, double usedGpuHours, double years, IReadOnlyDictionary<string, double>? breakdown = null) => new()
    {
        Option = option,
        TotalUsd = total,
        UsdPerGpuHour = total / usedGpuHours,
        UsdPerYear = total / years,
        Breakdown = breakdown,
    };

    /// <summary>
    /// Own enough for the average demand and rent the rest on demand. Owned GPUs take work first, up to their
    /// reachable utilisation; whatever they cannot absorb bursts to the cloud. A fluid model: it assumes work
    /// packs perfectly onto the owned GPUs up to that utilisation.
    /// </summary>
    private CostOption Hybrid(TcoPlanInput input, OwnedFleet fleet, int gpus, double utilization, double years, double onDemand, AssumptionLog log)
    {
        var hours = OwnedFleet.HoursPerYear * years;
        var used = gpus * hours * utilization;
        var owned = input.HybridOwnedGpus ?? (int)Math.Ceiling(gpus * utilization);
        log.Add("hybrid_owned_gpus", owned, input.HybridOwnedGpus is null ? "not given: the average demand, gpus × utilization, rounded up" : AssumptionLog.Given);
        var reach = log.Pick(DefaultNames.OwnedMaxUtilization, input.OwnedMaxUtilization, Catalog.Default(DefaultNames.OwnedMaxUtilization));
        var ownedWork = Math.Min(used, owned * hours * reach);
        var burst = used - ownedWork;
        var ownedUtilization = owned > 0 ? ownedWork / (owned * hours) : 0;
        var ownedCost = fleet.Total(owned, years, ownedUtilization);
        return Option("hybrid", ownedCost + (burst * onDemand), used, years, new Dictionary<string, double>
        {
            ["owned_gpus"] = owned,
            ["owned_usd"] = ownedCost,
            ["burst_gpu_hours"] = burst,
            ["burst_usd"] = burst * onDemand,
        });
    }

    private Outcome<OwnedFleet> OwnedFleetFor(GpuSpec gpu, TcoPlanInput input, AssumptionLog log)
    {
        var server = Catalog.OnPremPricesFor(gpu).MinBy(p => p.UsdPerGpu);
        if (input.ServerUsd is null && server is null)
            return GantryError.Invalid($"the price catalog has no on-premises server with {gpu.Name}; give server_usd (and gpus_per_server)");
        double serverUsd;
        int perServer;
        if (input.ServerUsd is { } given)
        {
            serverUsd = given;
            perServer = input.GpusPerServer ?? 8;
            log.Add("server_usd", serverUsd, AssumptionLog.Given);
            log.Add("gpus_per_server", perServer, input.GpusPerServer is null ? "Gantry default: 8 GPUs per server" : AssumptionLog.Given);
        }
        else
        {
            serverUsd = server!.ServerUsd;
            perServer = input.GpusPerServer ?? server.GpusPerServer;
            log.Add("server_usd", serverUsd, $"{server.Name}: {server.Source}");
            log.Add("gpus_per_server", perServer, input.GpusPerServer is null ? server.Source : AssumptionLog.Given);
        }

        double powerKw;
        if (input.ServerPowerKw is { } kw)
        {
            powerKw = kw;
            log.Add("server_power_kw", kw, AssumptionLog.Given);
        }
        else if (input.ServerUsd is null && server!.ServerPowerKw is { } catalogKw)
        {
            powerKw = catalogKw;
            log.Add("server_power_kw", catalogKw, server.Source);
        }
        else
        {
            var factor = DefaultValue(DefaultNames.HostPowerFactor);
            powerKw = gpu.TdpW / 1000 * perServer * factor;
            log.Add("server_power_kw", powerKw, $"GPU TDP × GPUs × {DefaultNames.HostPowerFactor} ({gpu.Source})");
        }

        var network = log.Pick(DefaultNames.NetworkStorageCapexFraction, input.NetworkStorageCapexFraction, Catalog.Default(DefaultNames.NetworkStorageCapexFraction));
        return new OwnedFleet(
            serverUsd / perServer * (1 + network),
            log.Pick(DefaultNames.AmortizationYears, input.AmortizationYears, Catalog.Default(DefaultNames.AmortizationYears)),
            log.Pick(DefaultNames.OperationsFractionPerYear, input.OperationsFractionPerYear, Catalog.Default(DefaultNames.OperationsFractionPerYear)),
            powerKw / perServer,
            log.Pick(DefaultNames.Pue, input.Pue, Catalog.Default(DefaultNames.Pue)),
            log.Pick(DefaultNames.ElectricityUsdPerKwh, input.ElectricityUsdPerKwh, Catalog.Default(DefaultNames.ElectricityUsdPerKwh)),
            log.Pick(DefaultNames.IdlePowerFraction, input.IdlePowerFraction, Catalog.Default(DefaultNames.IdlePowerFraction)));
    }

    private Outcome<double> OnDemandPrice(GpuSpec gpu, TcoPlanInput input, AssumptionLog log)
    {
        if (input.OnDemandUsdPerGpuHour is { } given)
        {
            log.Add("on_demand_usd_per_gpu_hour", given, AssumptionLog.Given);
            return given;
        }

        var offer = Catalog.CloudPricesFor(gpu).MinBy(p => p.OnDemandUsdPerGpuHour);
        if (offer is null)
            return GantryError.Invalid($"the price catalog has no cloud offer for {gpu.Name}; give on_demand_usd_per_gpu_hour");
        log.Add("on_demand_usd_per_gpu_hour", offer.OnDemandUsdPerGpuHour, $"cheapest on-demand offer, {offer.Name}, read {offer.Read}: {offer.Source}");
        return offer.OnDemandUsdPerGpuHour;
    }

    private double ReservedPrice(GpuSpec gpu, TcoPlanInput input, double onDemand, AssumptionLog log)
    {
        if (input.ReservedUsdPerGpuHour is { } given)
        {
            log.Add("reserved_usd_per_gpu_hour", given, AssumptionLog.Given);
            return given;
        }

        var offer = Catalog.CloudPricesFor(gpu).Where(p => p.ReservedUsdPerGpuHour is not null).MinBy(p => p.ReservedUsdPerGpuHour);
        if (offer is not null && input.ReservedDiscount is null)
        {
            log.Add("reserved_usd_per_gpu_hour", offer.ReservedUsdPerGpuHour!.Value, $"{offer.Name}, read {offer.Read}: {offer.Source}");
            return offer.ReservedUsdPerGpuHour.Value;
        }

        var discount = log.Pick(DefaultNames.ReservedDiscount, input.ReservedDiscount, Catalog.Default(DefaultNames.ReservedDiscount));
        log.Add("reserved_usd_per_gpu_hour", onDemand * (1 - discount), "on-demand price less the reserved discount, committed for every GPU-hour of the horizon");
        return onDemand * (1 - discount);
    }

    private double? SpotPrice(GpuSpec gpu, TcoPlanInput input, AssumptionLog log)
    {
        if (input.SpotUsdPerGpuHour is { } given)
        {
            log.Add("spot_usd_per_gpu_hour", given, AssumptionLog.Given);
            return given;
        }

        var offer = Catalog.CloudPricesFor(gpu).Where(p => p.SpotUsdPerGpuHour is not null).MinBy(p => p.SpotUsdPerGpuHour);
        if (offer is null)
        {
            log.Add("spot_usd_per_gpu_hour", "none", $"the price catalog has no spot price for {gpu.Name}; give spot_usd_per_gpu_hour");
            return null;
        }

        log.Add("spot_usd_per_gpu_hour", offer.SpotUsdPerGpuHour!.Value, $"cheapest spot offer, {offer.Name}, read {offer.Read}: {offer.Source}");
        return offer.SpotUsdPerGpuHour.Value;
    }
}
