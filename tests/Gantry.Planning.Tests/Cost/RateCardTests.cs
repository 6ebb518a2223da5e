using Gantry.Planning.Catalogs;
using Gantry.Planning.Cost;

namespace Gantry.Planning.Tests.Cost;

public sealed class RateCardTests
{
    private static readonly PlanningCatalog Catalog = PlanningCatalog.BuiltIn;

    private static NodeShape Node(int gpus, string model, double cpus, long memoryGib) =>
        new("n1", "local", cpus, memoryGib << 30, Enumerable.Range(0, gpus).Select(i => new NodeDevice(i, model)).ToArray());

    [Fact]
    public void OnPrem_DerivesRatesFromTheNodesCostOfOwnership_ByHand()
    {
        var pricing = new PoolPricing
        {
            Pool = "local",
            ServerUsd = 100_000,
            ServerPowerKw = 2,
            AmortizationYears = 5,
            OperationsFractionPerYear = 0.10,
            NetworkStorageCapexFraction = 0.20,
            Pue = 1.5,
            ElectricityUsdPerKwh = 0.20,
            IdlePowerFraction = 0.30,
            Utilization = 0.60,
        };

        var rates = RateCard.For(Catalog, pricing, Node(4, "NVIDIA H100 80GB HBM3", 64, 512));

        // Worked by hand: capex with network and storage = 100,000 × 1.2 = 120,000.
        // capital 120,000 / 5 / 8,760 = 2.739726 $/h; operations 120,000 × 0.10 / 8,760 = 1.369863 $/h;
        // energy 2 kW × (0.3 + 0.7 × 0.6) × 1.5 × $0.20 = 0.432 $/h; node = 4.541589 $/h.
        const double node = (120_000.0 / 5 / 8760) + (120_000.0 * 0.10 / 8760) + (2 * 0.72 * 1.5 * 0.20);
        Assert.Equal(4.541589, node, 6);
        Assert.Equal(node, rates.NodeUsdPerHour!.Value, 9);

        // Split by rental value: 4 H100 at the catalog's cheapest on-demand $3.49 (Lambda), 64 CPUs at
        // $0.031611, 512 GiB at $0.004237 → weights 13.96 + 2.023104 + 2.169344 = 18.152448.
        const double weights = (4 * 3.49) + (64 * 0.031611) + (512 * 0.004237);
        Assert.Equal(18.152448, weights, 6);
        Assert.Equal(node * 3.49 / weights, rates.Gpus.Single().Rate.UsdPerHour, 9);
        Assert.Equal(0.873168, rates.Gpus.Single().Rate.UsdPerHour, 5);
        Assert.Equal(node * 0.031611 / weights, rates.Cpu.UsdPerHour, 12);
        Assert.Equal(node * 0.004237 / weights, rates.Memory.UsdPerHour, 12);

        // Nothing is lost or invented: the parts add up to the node.
        var parts = (4 * rates.GpuRate(0)) + (64 * rates.Cpu.UsdPerHour) + (512 * rates.Memory.UsdPerHour);
        Assert.Equal(node, parts, 9);
        Assert.Contains(rates.Derivation, l => l.Contains("configured: Cost:Pools:local:ServerUsd", StringComparison.Ordinal));
        Assert.Contains(rates.Derivation, l => l.StartsWith("energy: 2 kW", StringComparison.Ordinal));
    }

    [Fact]
    public void OnPrem_WithoutAPrice_TakesTheCatalogsServerAndItsSourcedDefaults()
    {
        var rates = RateCard.For(Catalog, new PoolPricing { Pool = "local" }, Node(8, "NVIDIA H100 80GB HBM3", 224, 2048));

        // The cheapest H100 server per GPU is the DGX H100: $270,000 / 8 and 10.2 kW / 8.
        var fleet = (270_000 * 1.2 / 5 / 8760) + (270_000 * 1.2 * 0.10 / 8760) + (10.2 * (0.3 + (0.7 * 0.6)) * 1.58 * 0.19);
        Assert.Equal(fleet, rates.NodeUsdPerHour!.Value, 9);
        Assert.Contains(rates.Derivation, l => l.Contains("dgx-h100", StringComparison.Ordinal));
        Assert.Contains(rates.Derivation, l => l.Contains("Uptime Institute", StringComparison.Ordinal));
        Assert.Contains("on-prem TCO of node n1", rates.Gpus.Single().Rate.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void OnPrem_UnknownHardware_IsUnpriced_AndSaysWhatToSet()
    {
        var rates = RateCard.For(Catalog, new PoolPricing { Pool = "local" }, Node(0, "none", 8, 16));

        Assert.Equal(0, rates.Cpu.UsdPerHour);
        Assert.StartsWith("unpriced", rates.Cpu.Source, StringComparison.Ordinal);
        Assert.Contains("Cost:Pools:local:ServerUsd", rates.Cpu.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloud_PricesGpusAtTheCheapestOnDemandOffer_AndCpuMemoryAtOpenCostsDefaults()
    {
        var pricing = new PoolPricing { Pool = "aws", Kind = PricingKind.Cloud };

        var h100 = RateCard.For(Catalog, pricing, Node(8, "NVIDIA H100 80GB HBM3", 192, 2048));
        var gcp = RateCard.For(Catalog, pricing with { Provider = "gcp" }, Node(8, "NVIDIA H100 80GB HBM3", 192, 2048));
        var unknown = RateCard.For(Catalog, pricing, Node(1, "Mystery Accelerator", 4, 16));
        var named = RateCard.For(Catalog, pricing with { GpuOffer = "aws-p5.48xlarge-us-east-1" }, Node(8, "NVIDIA H100 80GB HBM3", 192, 2048));

        Assert.Equal(3.49, h100.GpuRate(3));
        Assert.Contains("lambda-h100-sxm, read 2024-01-29", h100.Gpus.Single().Rate.Source, StringComparison.Ordinal);
        Assert.Equal(4.20, gcp.GpuRate(0));
        Assert.Contains("gcp-h100-us-central1", gcp.Gpus.Single().Rate.Source, StringComparison.Ordinal);
        Assert.Equal(0.031611, h100.Cpu.UsdPerHour);
        Assert.Equal(0.004237, h100.Memory.UsdPerHour);
        Assert.Contains("OpenCost", h100.Cpu.Source, StringComparison.Ordinal);
        Assert.Equal(0, unknown.GpuRate(0));
        Assert.StartsWith("unpriced", unknown.Gpus.Single().Rate.Source, StringComparison.Ordinal);
        Assert.Equal(6.88, named.GpuRate(0));
    }

    [Fact]
    public void ConfiguredRates_Win_TheLongestMatchingModelKeyFirst()
    {
        var pricing = new PoolPricing
        {
            Pool = "lab",
            Kind = PricingKind.Cloud,
            Gpus = new Dictionary<string, double> { ["Test GPU"] = 1.5, ["test_gpu_16gb"] = 2.5 },
            CpuUsdPerHour = 0.05,
        };

        var rates = RateCard.For(Catalog, pricing, Node(2, "Test GPU 16GB", 8, 32));

        Assert.Equal(2.5, rates.GpuRate(1));
        Assert.Equal("configured: Cost:Pools:lab:Gpus:test_gpu_16gb", rates.Gpus.Single().Rate.Source);
        Assert.Equal(new PricedRate(0.05, "configured: Cost:Pools:lab:CpuUsdPerHour"), rates.Cpu);
        Assert.Equal(2.5, rates.FallbackGpuUsdPerHour);
    }

    [Theory]
    [InlineData("NVIDIA H100 80GB HBM3", "H100-SXM")]
    [InlineData("NVIDIA H100 PCIe", "H100-PCIe")]
    [InlineData("NVIDIA A100-SXM4-40GB", "A100-40GB")]
    [InlineData("NVIDIA A100-SXM4-80GB", "A100-80GB")]
    [InlineData("NVIDIA L40S", "L40S")]
    [InlineData("NVIDIA L4", "L4")]
    [InlineData("Tesla T4", "T4")]
    [InlineData("AMD Instinct MI300X", "MI300X")]
    [InlineData("NVIDIA L40", null)]
    [InlineData("NVIDIA GeForce RTX 4090", null)]
    public void DiscoveredModels_MatchCatalogGpus_OnWholeWords(string model, string? expected) =>
        Assert.Equal(expected, CatalogGpuMatch.Find(Catalog, model)?.Name);
}
