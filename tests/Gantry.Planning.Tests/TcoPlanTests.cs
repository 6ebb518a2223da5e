using CsCheck;
using Gantry.Planning.Plans;

namespace Gantry.Planning.Tests;

public sealed class TcoPlanTests
{
    private static readonly Planner Planner = Planner.Default;

    private static double Total(TcoPlan plan, string option) => plan.Costs.Single(c => c.Option == option).TotalUsd!.Value;

    [Fact]
    public void H100Fleet_ComparesEveryOption()
    {
        var plan = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.6, Years = 3 }));
        Assert.Equal(["on_prem", "cloud_on_demand", "cloud_reserved", "cloud_spot", "hybrid"], plan.Costs.Select(c => c.Option));
        Expect.Near(64 * 8760 * 3 * 0.6, plan.UsedGpuHours, 1e-12);
        Assert.Equal(plan.Costs.MinBy(c => c.TotalUsd)!.Option, plan.Cheapest);
        Assert.NotNull(plan.BreakEvenUtilization);
        var onPrem = plan.Costs.Single(c => c.Option == "on_prem");
        Expect.Near(onPrem.TotalUsd!.Value, onPrem.Breakdown!.Values.Sum(), 1e-12);
        Assert.All(plan.Costs, c => Expect.Near(c.TotalUsd!.Value / plan.UsedGpuHours, c.UsdPerGpuHour, 1e-12));
    }

    [Fact]
    public void BreakEvenUtilization_MakesOnPremAndOnDemandEqual()
    {
        var plan = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.6, Years = 3 }));
        var atBreakEven = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = plan.BreakEvenUtilization, Years = 3 }));
        Expect.Near(Total(atBreakEven, "on_prem"), Total(atBreakEven, "cloud_on_demand"), 1e-9);
    }

    [Fact]
    public void BreakEvenUtilization_HoldsForAnyPrices()
    {
        Gen.Select(Gen.Double[50_000, 600_000], Gen.Double[0.5, 12], Gen.Double[1.0, 2.0], Gen.Double[0.05, 0.4], Gen.Int[1, 512])
            .Sample((server, price, pue, electricity, gpus) =>
            {
                var input = new TcoPlanInput
                {
                    Gpu = "H100",
                    Gpus = gpus,
                    Utilization = 0.5,
                    Years = 4,
                    ServerUsd = server,
                    OnDemandUsdPerGpuHour = price,
                    Pue = pue,
                    ElectricityUsdPerKwh = electricity,
                };
                var plan = Expect.Ok(Planner.Tco(input));
                if (plan.BreakEvenUtilization is not { } u)
                {
                    // No break-even: renting on demand is cheaper even with every GPU busy.
                    var full = Expect.Ok(Planner.Tco(input with { Utilization = 1 }));
                    Assert.True(Total(full, "cloud_on_demand") <= Total(full, "on_prem") * (1 + 1e-9));
                    return;
                }

                Assert.InRange(u, 0, 1);
                var even = Expect.Ok(Planner.Tco(input with { Utilization = u }));
                Expect.Near(Total(even, "on_prem"), Total(even, "cloud_on_demand"), 1e-9);
            }, iter: 200);
    }

    [Fact]
    public void MoreUtilization_FavoursOwning()
    {
        var low = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.1, Years = 3 }));
        var high = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.95, Years = 3 }));
        Assert.True(Total(low, "on_prem") < Total(low, "cloud_on_demand") == low.Utilization > low.BreakEvenUtilization);
        Assert.True(Total(high, "on_prem") < Total(high, "cloud_on_demand"));
        Assert.Equal(Total(low, "cloud_reserved"), Total(high, "cloud_reserved")); // committed whatever the use
    }

    [Fact]
    public void Hybrid_OwnsTheAverageAndBurstsTheRest()
    {
        var plan = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.6, Years = 3 }));
        var hybrid = plan.Costs.Single(c => c.Option == "hybrid");
        Assert.Equal(39, hybrid.Breakdown!["owned_gpus"]);
        Assert.True(hybrid.Breakdown["burst_gpu_hours"] > 0);
        Expect.Near(hybrid.TotalUsd!.Value, hybrid.Breakdown["owned_usd"] + hybrid.Breakdown["burst_usd"], 1e-12);

        var allOwned = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.6, Years = 3, HybridOwnedGpus = 64, OwnedMaxUtilization = 1 }));
        Expect.Near(Total(allOwned, "on_prem"), Total(allOwned, "hybrid"), 1e-12);
        var noneOwned = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 64, Utilization = 0.6, Years = 3, HybridOwnedGpus = 0 }));
        Expect.Near(Total(noneOwned, "cloud_on_demand"), Total(noneOwned, "hybrid"), 1e-12);
    }

    [Fact]
    public void EveryAssumptionIsListedAndOverridable()
    {
        var plan = Expect.Ok(Planner.Tco(new TcoPlanInput { Gpu = "H100", Gpus = 8, Utilization = 0.5, Years = 5, Pue = 1.1, ElectricityUsdPerKwh = 0.08 }));
        Assert.Contains(plan.Assumptions, a => a is { Name: "pue", Value: "1.1", Source: "given" });
        Assert.Contains(plan.Assumptions, a => a is { Name: "electricity_usd_per_kwh", Value: "0.08", Source: "given" });
        Assert.Contains(plan.Assumptions, a => a.Name == "server_usd" && a.Source.Contains("dgx-h100", StringComparison.Ordinal));
        Assert.Contains(plan.Assumptions, a => a.Name == "on_demand_usd_per_gpu_hour" && a.Source.Contains("read", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("V100", 8, 0.5, "unknown GPU 'V100'")]
    [InlineData("H100", 0, 0.5, "gpus must be at least 1")]
    [InlineData("H100", 8, 0.0, "utilization must be more than 0 and at most 1")]
    [InlineData("H100", 8, 1.5, "utilization must be more than 0 and at most 1")]
    [InlineData("B200", 8, 0.5, "no on-premises server with B200")]
    public void BadInput_GivesAClearError(string gpu, int gpus, double utilization, string says)
    {
        Assert.Contains(says, Expect.Invalid(Planner.Tco(new TcoPlanInput { Gpu = gpu, Gpus = gpus, Utilization = utilization, Years = 3 })));
    }

    [Fact]
    public void GpuWithoutCatalogPrices_WorksWithPricesGiven()
    {
        var plan = Expect.Ok(Planner.Tco(new TcoPlanInput
        {
            Gpu = "B200",
            Gpus = 16,
            Utilization = 0.7,
            Years = 4,
            ServerUsd = 500_000,
            OnDemandUsdPerGpuHour = 9,
        }));
        Assert.DoesNotContain(plan.Costs, c => c.Option == "cloud_spot");
        Assert.Contains(plan.Assumptions, a => a is { Name: "spot_usd_per_gpu_hour", Value: "none" });
    }
}
