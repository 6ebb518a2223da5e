using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Planning.Plans;

namespace Gantry.Cli.Commands.Planning;

/// <summary><c>gantry plan tco --gpu H100 --gpus 64 --utilization 0.6 --years 3 [every assumption]</c>.</summary>
internal static class PlanTcoCommand
{
    public static Command Create(CommandBinder binder, Option<string?> catalog)
    {
        var gpu = new Option<string?>("--gpu") { Description = "GPU type from the catalog: H100, A100-80GB, …" };
        var gpus = new Option<int?>("--gpus") { Description = "Fleet size in GPUs" };
        var utilization = new Option<double?>("--utilization") { Description = "Average busy share of the fleet, 0-1 [default: catalog]" };
        var years = new Option<double?>("--years") { Description = "Horizon in years [default: the amortisation period]" };
        var serverUsd = new Option<double?>("--server-usd") { Description = "Purchase price of one server [default: catalog]" };
        var gpusPerServer = new Option<int?>("--gpus-per-server") { Description = "GPUs in one server [default: catalog, else 8]" };
        var serverPower = new Option<double?>("--server-power-kw") { Description = "Rated power of one server, kW [default: catalog]" };
        var amortization = new Option<double?>("--amortization-years") { Description = "Years a server is written off over [default: catalog]" };
        var operations = new Option<double?>("--operations-fraction-per-year") { Description = "Support, staff and space a year, as a share of capex [default: catalog]" };
        var network = new Option<double?>("--network-storage-capex-fraction") { Description = "Network and storage on top of the servers, as a share [default: catalog]" };
        var electricity = new Option<double?>("--electricity-usd-per-kwh") { Description = "Electricity tariff [default: catalog]" };
        var pue = new Option<double?>("--pue") { Description = "Data-centre PUE [default: catalog]" };
        var idle = new Option<double?>("--idle-power-fraction") { Description = "Share of rated power an idle GPU draws [default: catalog]" };
        var onDemand = new Option<double?>("--on-demand-usd-per-gpu-hour") { Description = "Cloud on-demand price [default: the catalog's cheapest]" };
        var reserved = new Option<double?>("--reserved-usd-per-gpu-hour") { Description = "Cloud reserved price [default: catalog, else on demand less the discount]" };
        var reservedDiscount = new Option<double?>("--reserved-discount") { Description = "Reserved discount off on demand, 0-1 [default: catalog]" };
        var spot = new Option<double?>("--spot-usd-per-gpu-hour") { Description = "Cloud spot price [default: the catalog's cheapest]" };
        var spotOverhead = new Option<double?>("--spot-overhead") { Description = "Work lost to spot preemption, as a share [default: catalog]" };
        var hybridOwned = new Option<int?>("--hybrid-owned-gpus") { Description = "GPUs owned in the hybrid option [default: gpus × utilization]" };
        var ownedMax = new Option<double?>("--owned-max-utilization") { Description = "Highest busy share owned GPUs reach in the hybrid option [default: catalog]" };
        var json = CommandBinder.JsonOption();
        var command = new Command("tco", "Total cost of ownership: on-premises, cloud on-demand, reserved, spot and hybrid side by side, and the break-even utilisation")
        {
            gpu, gpus, utilization, years, serverUsd, gpusPerServer, serverPower, amortization, operations, network, electricity, pue, idle,
            onDemand, reserved, reservedDiscount, spot, spotOverhead, hybridOwned, ownedMax, json,
        };
        return binder.Bind(command, context =>
        {
            var planner = PlanRunner.PlannerFor(context, catalog);
            var plan = planner.Tco(new TcoPlanInput
            {
                Gpu = context.Value(gpu),
                Gpus = context.Value(gpus),
                Utilization = context.Value(utilization),
                Years = context.Value(years),
                ServerUsd = context.Value(serverUsd),
                GpusPerServer = context.Value(gpusPerServer),
                ServerPowerKw = context.Value(serverPower),
                AmortizationYears = context.Value(amortization),
                OperationsFractionPerYear = context.Value(operations),
                NetworkStorageCapexFraction = context.Value(network),
                ElectricityUsdPerKwh = context.Value(electricity),
                Pue = context.Value(pue),
                IdlePowerFraction = context.Value(idle),
                OnDemandUsdPerGpuHour = context.Value(onDemand),
                ReservedUsdPerGpuHour = context.Value(reserved),
                ReservedDiscount = context.Value(reservedDiscount),
                SpotUsdPerGpuHour = context.Value(spot),
                SpotOverhead = context.Value(spotOverhead),
                HybridOwnedGpus = context.Value(hybridOwned),
                OwnedMaxUtilization = context.Value(ownedMax),
            });
            return PlanRunner.FinishAsync(context, plan, context.Value(json), PlanSummary.Tco);
        });
    }
}
