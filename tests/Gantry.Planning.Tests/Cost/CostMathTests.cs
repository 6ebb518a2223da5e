using Gantry.Planning.Cost;

namespace Gantry.Planning.Tests.Cost;

public sealed class CostMathTests
{
    private const long Hour = 3_600_000;
    private static readonly long T0 = DateTimeOffset.Parse("2026-05-10T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    internal static NodeRates Rates(double gpu, double cpu, double memory, int devices = 4) => new()
    {
        Node = "n1",
        Pool = "local",
        Kind = PricingKind.OnPrem,
        Gpus = [new GpuModelRate("G", devices, new PricedRate(gpu, "test"))],
        DeviceRates = Enumerable.Range(0, devices).ToDictionary(i => i, _ => gpu),
        Cpu = new PricedRate(cpu, "test"),
        Memory = new PricedRate(memory, "test"),
        FallbackGpuUsdPerHour = gpu,
    };

    internal static CostAllocation Job(string id, long start, long? end, int[] devices, double cpus = 4, long memoryGib = 16, string project = "p", string user = "u") => new()
    {
        Kind = "job",
        Id = id,
        Name = "job-" + id,
        Project = project,
        User = user,
        Pool = "local",
        Node = "n1",
        Devices = devices,
        Gpus = devices.Length,
        Cpus = cpus,
        MemoryBytes = memoryGib << 30,
        StartMs = start,
        EndMs = end,
    };

    [Fact]
    public void JobCost_IsResourcesTimesHoursTimesRates()
    {
        // 2 GPUs at $3, 4 CPUs at $0.05, 16 GiB at $0.01, for 90 minutes.
        var cost = CostMath.Of(Job("1", T0, T0 + (Hour * 3 / 2), [0, 1]), Rates(3, 0.05, 0.01), T0, T0 + (10 * Hour), T0 + (10 * Hour));

        Assert.Equal(1.5, cost.Hours, 12);
        Assert.Equal(3.0, cost.GpuHours, 12);
        Assert.Equal(6.0, cost.CpuHours, 12);
        Assert.Equal(24.0, cost.RamGibHours, 12);
        Assert.Equal(9.0, cost.GpuCost, 12);
        Assert.Equal(0.3, cost.CpuCost, 12);
        Assert.Equal(0.24, cost.RamCost, 12);
        Assert.Equal(9.54, cost.TotalCost, 12);
    }

    [Fact]
    public void AJobStraddlingTheWindow_IsClampedToIt()
    {
        var job = Job("1", T0 + (10 * Hour), T0 + (14 * Hour), [0]);
        var rates = Rates(2, 0, 0);
        var now = T0 + (24 * Hour);

        Assert.Equal(1, CostMath.Of(job, rates, T0 + (12 * Hour), T0 + (13 * Hour), now).Hours, 12);
        Assert.Equal(2, CostMath.Of(job, rates, T0 + (12 * Hour), T0 + (20 * Hour), now).Hours, 12);
        Assert.Equal(3, CostMath.Of(job, rates, T0, T0 + (13 * Hour), now).Hours, 12);
        Assert.Equal(0, CostMath.Of(job, rates, T0 + (15 * Hour), T0 + (20 * Hour), now).Hours);
        Assert.Equal(0, CostMath.Of(job, rates, T0, T0 + (10 * Hour), now).Hours);
    }

    [Fact]
    public void ARunningJob_CountsUntilNow()
    {
        var job = Job("1", T0, null, [0]);

        var cost = CostMath.Of(job, Rates(2, 0, 0), T0, T0 + (48 * Hour), T0 + (5 * Hour));

        Assert.Equal(5, cost.Hours, 12);
        Assert.Equal(10, cost.GpuCost, 12);
    }

    [Fact]
    public void ASharedGpu_CostsItsShare_AndAJobOnSeveralNodes_EachNode()
    {
        var shared = Job("1", T0, T0 + (2 * Hour), [0], cpus: 0, memoryGib: 0) with { GpuShare = 0.25 };
        var wide = Job("2", T0, T0 + Hour, [0, 1], cpus: 1, memoryGib: 0) with { Nodes = 3 };
        var rates = Rates(4, 0.5, 0);

        var sharedCost = CostMath.Of(shared, rates, T0, T0 + (10 * Hour), T0 + (10 * Hour));
        var wideCost = CostMath.Of(wide, rates, T0, T0 + (10 * Hour), T0 + (10 * Hour));

        Assert.Equal(0.5, sharedCost.GpuHours, 12);
        Assert.Equal(2, sharedCost.GpuCost, 12);
        Assert.Equal(6, wideCost.GpuHours, 12);
        Assert.Equal(24 + 1.5, wideCost.TotalCost, 12);
    }

    [Fact]
    public void UnknownDevices_ArePricedAtTheNodesMeanGpuRate()
    {
        var job = Job("1", T0, T0 + Hour, []) with { Gpus = 2 };

        Assert.Equal(6, CostMath.Of(job, Rates(3, 0, 0), T0, T0 + Hour, T0 + Hour).GpuCost, 12);
    }
}
