using CsCheck;
using Gantry.Core.Api.Cost;
using Gantry.Planning.Cost;

namespace Gantry.Planning.Tests.Cost;

public sealed class CostReportBuilderTests
{
    private const long Hour = 3_600_000;
    private static readonly long T0 = DateTimeOffset.Parse("2026-05-10T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static NodeShape Shape(int gpus, double cpus = 8, long memoryGib = 64) =>
        new("n1", "local", cpus, memoryGib << 30, Enumerable.Range(0, gpus).Select(i => new NodeDevice(i, "G")).ToArray());

    private static CostReport Build(CostGrouping by, IReadOnlyList<CostAllocation> allocations, NodeRates rates, NodeCapacity[]? capacities, long from, long to, long now) =>
        CostReportBuilder.Build(new CostReportInput
        {
            By = by,
            FromMs = from,
            ToMs = to,
            NowMs = now,
            Allocations = allocations,
            RatesFor = _ => rates,
            Capacities = capacities,
        });

    [Fact]
    public void Idle_IsCapacityLessAllocation()
    {
        // Two GPUs at $2 for a 10-hour window; one job holds one GPU, 2 CPUs and 8 GiB for 4 hours.
        var rates = CostMathTests.Rates(2, 0.1, 0.01, devices: 2);
        var job = CostMathTests.Job("1", T0 + Hour, T0 + (5 * Hour), [1], cpus: 2, memoryGib: 8);
        var capacity = new NodeCapacity(Shape(2), rates, T0 - Hour);

        var report = Build(CostGrouping.Project, [job], rates, [capacity], T0, T0 + (10 * Hour), T0 + (10 * Hour));

        var idle = report.Rows.Single(r => r.Name == CostReport.IdleRow);
        Assert.Equal(20 - 4, idle.GpuHours, 12);
        Assert.Equal(16 * 2, idle.GpuCost, 12);
        Assert.Equal(80 - 8, idle.CpuHours, 12);
        Assert.Equal(72 * 0.1, idle.CpuCost, 12);
        Assert.Equal(640 - 32, idle.RamGibHours, 12);
        Assert.Equal(20, report.Totals.AvailableGpuHours!.Value, 12);
        Assert.Equal(4.0 / 20, report.Totals.Efficiency!.Value, 12);
        var allocated = report.Rows.Single(r => r.Name == "p");
        Assert.Equal((4 * 2) + (8 * 0.1) + (32 * 0.01), allocated.TotalCost, 12);
        Assert.Equal(allocated.TotalCost + idle.TotalCost, report.Totals.TotalCost, 12);
    }

    [Fact]
    public void AGangOnTwoNodes_LeavesNeitherNodeIdle()
    {
        // Two 2-GPU nodes for 10 hours; one 2-node job holds both GPUs, 8 CPUs and 64 GiB of each for the whole window.
        var rates = CostMathTests.Rates(2, 0.1, 0.01, devices: 2);
        var gang = CostMathTests.Job("1", T0, null, [0, 1], cpus: 8, memoryGib: 64) with
        {
            Nodes = 2,
            Gang = [new CostNode("n1", [0, 1]), new CostNode("n2", [0, 1])],
        };
        var n2 = new NodeShape("n2", "local", 8, 64L << 30, [new NodeDevice(0, "G"), new NodeDevice(1, "G")]);
        NodeCapacity[] capacities = [new(Shape(2), rates, T0 - Hour), new(n2, rates, T0 - Hour)];

        var report = Build(CostGrouping.Project, [gang], rates, capacities, T0, T0 + (10 * Hour), T0 + (10 * Hour));

        var job = report.Rows.Single(r => r.Name == "p");
        Assert.Equal(40, job.GpuHours, 12);
        Assert.Equal(1.0, report.Totals.Efficiency!.Value, 12);
        Assert.DoesNotContain(report.Rows, r => r.Name == CostReport.IdleRow && r.GpuHours > 1e-9);
    }

    [Fact]
    public void ANodeFirstSeenInsideTheWindow_IsAvailableOnlyFromThen()
    {
        var rates = CostMathTests.Rates(1, 0, 0, devices: 1);
        var capacity = new NodeCapacity(Shape(1), rates, T0 + (6 * Hour));

        var report = Build(CostGrouping.Project, [], rates, [capacity], T0, T0 + (10 * Hour), T0 + (10 * Hour));

        Assert.Equal(4, report.Rows.Single().GpuHours, 12);
    }

    [Fact]
    public void Groups_SumTheirJobs_AndPoolRowsCarryAllocatedOverAvailable()
    {
        var rates = CostMathTests.Rates(1, 0, 0, devices: 4);
        var jobs = new[]
        {
            CostMathTests.Job("1", T0, T0 + Hour, [0], project: "a", user: "x"),
            CostMathTests.Job("2", T0, T0 + (2 * Hour), [1, 2], project: "a", user: "y"),
            CostMathTests.Job("3", T0, T0 + (3 * Hour), [3], project: "b", user: "y"),
        };
        var capacity = new NodeCapacity(Shape(4), rates, T0);
        var end = T0 + (4 * Hour);

        var byProject = Build(CostGrouping.Project, jobs, rates, null, T0, end, end);
        var byUser = Build(CostGrouping.User, jobs, rates, null, T0, end, end);
        var byJob = Build(CostGrouping.Job, jobs, rates, null, T0, end, end);
        var byPool = Build(CostGrouping.Pool, jobs, rates, [capacity], T0, end, end);

        Assert.Equal(["a", "b"], byProject.Rows.Select(r => r.Name));
        Assert.Equal(5, byProject.Rows[0].GpuCost, 12);
        Assert.Equal(3, byProject.Rows[1].GpuCost, 12);
        Assert.Equal(["y", "x"], byUser.Rows.Select(r => r.Name));
        Assert.Equal(7, byUser.Rows[0].GpuCost, 12);
        Assert.Equal(["2", "3", "1"], byJob.Rows.Select(r => r.Name));
        Assert.Equal(("a", "y", "job-2"), (byJob.Rows[0].Project, byJob.Rows[0].User, byJob.Rows[0].JobName));
        Assert.DoesNotContain(byProject.Rows, r => r.Name == CostReport.IdleRow);
        Assert.Null(byProject.Totals.IdleCost);
        Assert.Equal(8.0 / 16, byPool.Rows.Single(r => r.Name == "local").Efficiency!.Value, 12);
        Assert.Equal(8, byPool.Totals.AllocatedCost, 12);
    }

    [Fact]
    public void Utilisation_WhenTelemetryHasIt_IsUtilisedOverAllocated()
    {
        var rates = CostMathTests.Rates(1, 0, 0, devices: 2);
        var jobs = new[] { CostMathTests.Job("1", T0, T0 + (2 * Hour), [0, 1]) };

        var report = CostReportBuilder.Build(new CostReportInput
        {
            By = CostGrouping.Job,
            FromMs = T0,
            ToMs = T0 + (2 * Hour),
            NowMs = T0 + (2 * Hour),
            Allocations = jobs,
            RatesFor = _ => rates,
            UtilisedGpuHours = new Dictionary<string, double> { ["job/1"] = 3 },
        });

        Assert.Equal(0.75, report.Rows.Single().Efficiency!.Value, 12);
    }

    [Fact]
    public void AllocatedPlusIdle_IsAvailable_ForAnyJobsThatDoNotOverlapOnADevice()
    {
        // Each device holds a sequence of back-to-back jobs of random length; the window cuts them anywhere.
        var gen = Gen.Int[1, 4].Array[0, 6].Array[1, 4].Select(Gen.Int[0, 30], Gen.Int[1, 30], (lengths, from, width) => (lengths, from, width));
        gen.Sample(t =>
        {
            var (lengths, from, width) = t;
            var rates = CostMathTests.Rates(1, 0, 0, devices: lengths.Length);
            var jobs = new List<CostAllocation>();
            for (var device = 0; device < lengths.Length; device++)
            {
                var at = T0;
                foreach (var length in lengths[device])
                {
                    jobs.Add(CostMathTests.Job($"{device}-{jobs.Count}", at, at + (length * Hour), [device], cpus: 0, memoryGib: 0));
                    at += (length + 1) * Hour;
                }
            }

            var start = T0 + (from * Hour);
            var end = start + (width * Hour);
            var report = Build(CostGrouping.Job, jobs, rates, [new NodeCapacity(Shape(lengths.Length, cpus: 0, memoryGib: 0), rates, T0)], start, end, end);
            var idle = report.Rows.Single(r => r.Name == CostReport.IdleRow);
            Assert.Equal(report.Totals.AvailableGpuHours!.Value, report.Totals.GpuHours + idle.GpuHours, 9);
            Assert.Equal(lengths.Length * width, report.Totals.AvailableGpuHours!.Value, 9);
        });
    }

    [Fact]
    public void ByDeployment_RowsPerDeployment_JobsInUnallocated_AndCostPerPrediction()
    {
        var rates = CostMathTests.Rates(2, 0.5, 0, devices: 2);
        var job = CostMathTests.Job("1", T0, T0 + Hour, [0]);
        CostAllocation Span(long start, long end, double cpus) => new()
        {
            Kind = "deployment",
            Id = "web",
            Name = "m@1",
            Project = "p",
            User = "u",
            Pool = "local",
            Node = "n1",
            Cpus = cpus,
            StartMs = start,
            EndMs = end,
        };
        var gpuSpan = new CostAllocation
        {
            Kind = "deployment",
            Id = "idle-gpu",
            Name = "m@2",
            Project = "p",
            User = "u",
            Pool = "local",
            Node = "n1",
            Devices = [1],
            Gpus = 1,
            Cpus = 1,
            StartMs = T0,
            EndMs = T0 + (2 * Hour),
        };

        var report = CostReportBuilder.Build(new CostReportInput
        {
            By = CostGrouping.Deployment,
            FromMs = T0,
            ToMs = T0 + (10 * Hour),
            NowMs = T0 + (10 * Hour),
            Allocations = [job, Span(T0, T0 + (2 * Hour), 1), Span(T0 + (2 * Hour), T0 + (3 * Hour), 4), gpuSpan],
            RatesFor = _ => rates,
            Predictions = new Dictionary<string, long> { ["web"] = 600 },
        });

        Assert.Equal("deployment", report.By);
        var web = report.Rows.Single(r => r.Name == "web");
        Assert.Equal((2 * 0.5) + (4 * 0.5), web.TotalCost, 12);
        Assert.Equal(600, web.Predictions);
        Assert.Equal(3.0 / 600, web.CostPerPrediction!.Value, 12);
        Assert.Equal("p", web.Project);
        var idleGpu = report.Rows.Single(r => r.Name == "idle-gpu");
        Assert.Equal(2, idleGpu.GpuHours, 12);
        Assert.Equal(0, idleGpu.Predictions);
        Assert.Null(idleGpu.CostPerPrediction);
        var jobs = report.Rows.Single(r => r.Name == CostReport.UnallocatedRow);
        Assert.Equal(2, jobs.GpuCost, 12);
        Assert.Null(jobs.Predictions);
        Assert.Equal(report.Rows.Sum(r => r.TotalCost), report.Totals.AllocatedCost, 12);
    }
}
