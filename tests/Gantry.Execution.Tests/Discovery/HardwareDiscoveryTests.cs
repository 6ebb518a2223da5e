using Gantry.Execution.Discovery;
using Gantry.Execution.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Tests.Discovery;

public sealed class HardwareDiscoveryTests
{
    [Fact]
    public async Task Discover_WithoutGpuDiscovery_ReportsCpusMemoryAndDeclaredDevices()
    {
        var options = new LocalExecutorOptions
        {
            NodeName = "test-node",
            DiscoverGpus = false,
            DeclaredAccelerators =
            [
                new DeclaredAccelerator { Model = "Test GPU", Count = 2, MemoryBytes = 16L << 30, Vendor = "nvidia" },
                new DeclaredAccelerator { Model = "TPU v5e", Count = 4, MemoryBytes = 16L << 30, IsGpu = false },
            ],
        };

        var node = await new HardwareDiscovery(options).DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal("test-node", node.Name);
        Assert.Equal(Environment.ProcessorCount, node.Cpus);
        Assert.True(node.MemoryBytes > 0);
        Assert.Null(node.Topology);
        Assert.Equal(Enumerable.Range(0, 6), node.Accelerators.Select(a => a.Index));
        Assert.Equal(["nvidia", "nvidia", "declared", "declared", "declared", "declared"], node.Accelerators.Select(a => a.Vendor));
        Assert.Equal([true, true, false, false, false, false], node.Accelerators.Select(a => a.IsGpu));
        Assert.Equal("TPU v5e", node.Accelerators[5].Model);
        Assert.Equal(6, node.Accelerators.Select(a => a.Uuid).Distinct().Count());
        Assert.Contains("declared", node.DiscoveredBy);
        Assert.Contains("procfs", node.DiscoveredBy);
    }

    [Fact]
    public async Task Discover_Reservations_AreSubtracted()
    {
        var plain = await new HardwareDiscovery(new LocalExecutorOptions { DiscoverGpus = false })
            .DiscoverAsync(TestContext.Current.CancellationToken);
        var options = new LocalExecutorOptions { DiscoverGpus = false, ReservedCpus = 1, ReservedMemoryBytes = 256L << 20 };
        var reserved = await new HardwareDiscovery(options).DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Math.Max(1, plain.Cpus - 1), reserved.Cpus);
        Assert.Equal(Math.Max(0, plain.MemoryBytes - (256L << 20)), reserved.MemoryBytes);
        Assert.Empty(reserved.Accelerators);
        Assert.DoesNotContain("declared", reserved.DiscoveredBy);
    }

    [Fact]
    public async Task Discover_WithGpuDiscovery_NeverThrows_WhateverTheMachineHas()
    {
        var options = new LocalExecutorOptions { DeclaredAccelerators = [new DeclaredAccelerator { Model = "Extra", Count = 1 }] };

        var node = await new HardwareDiscovery(options).DiscoverAsync(TestContext.Current.CancellationToken);

        // On a GPU machine the discovered GPUs come first and the declared one after them.
        Assert.Equal(node.Accelerators.Count, node.Accelerators.Select(a => a.Index).Distinct().Count());
        Assert.Equal("Extra", node.Accelerators[^1].Model);
        Assert.Equal(node.Accelerators.Max(a => a.Index), node.Accelerators[^1].Index);
    }

    [Fact]
    public void DeclaredDevices_AreNumberedAfterTheDiscoveredOnes_AndInvalidOnesSkipped()
    {
        var devices = DeclaredDevices.Expand(
            [
                new DeclaredAccelerator { Model = "", Count = 3 },
                new DeclaredAccelerator { Model = "Gaudi 3", Count = 2, MemoryBytes = 128L << 30, Vendor = "Intel" },
            ],
            firstIndex: 8,
            nodeName: "n1",
            NullLogger.Instance);

        Assert.Equal([8, 9], devices.Select(d => d.Index));
        Assert.All(devices, d => Assert.Equal("intel", d.Vendor));
        Assert.Equal("n1-declared-8", devices[0].Uuid);
        Assert.Equal(128L << 30, devices[1].MemoryBytes);
    }

    [Fact]
    public void Options_Validate_NamesEachProblem()
    {
        var options = new LocalExecutorOptions
        {
            NodeName = " ",
            ReservedCpus = -1,
            DeclaredAccelerators = [new DeclaredAccelerator { Model = "", Count = -2 }],
        };

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Empty(new LocalExecutorOptions().Validate());
    }
}
