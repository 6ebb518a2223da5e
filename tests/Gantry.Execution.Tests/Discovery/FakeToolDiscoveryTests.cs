using Gantry.Execution.Discovery;
using Gantry.Execution.Local;

namespace Gantry.Execution.Tests.Discovery;

/// <summary>
/// The whole discovery run against stand-in <c>nvidia-smi</c> and <c>rocm-smi</c> programs that print
/// recorded outputs, with NVML off, so it behaves the same on a machine with or without GPUs.
/// </summary>
public sealed class FakeToolDiscoveryTests
{
    [Fact]
    public async Task NvidiaSmiFallback_FindsGpusAndTopology_AndDeclaredDevicesFollow()
    {
        var options = new LocalExecutorOptions
        {
            NodeName = "dgx-01",
            DeclaredAccelerators = [new DeclaredAccelerator { Model = "TPU v5e", Count = 1, IsGpu = false }],
        };

        var node = await Discovery("nvidia-dgx", options).DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal(9, node.Accelerators.Count);
        Assert.All(node.Accelerators.Take(8), d => Assert.Equal("NVIDIA H100 80GB HBM3", d.Model));
        Assert.Equal(8, node.Accelerators[8].Index);
        Assert.False(node.Accelerators[8].IsGpu);
        Assert.NotNull(node.Topology);
        Assert.True(node.Topology.IsNvLink(0, 7));
        Assert.Equal(["nvidia-smi", "declared"], node.DiscoveredBy.Where(s => s != "procfs"));
    }

    [Fact]
    public async Task RocmSmi_FindsAmdGpus()
    {
        var node = await Discovery("amd", new LocalExecutorOptions()).DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal(8, node.Accelerators.Count);
        Assert.All(node.Accelerators, d => Assert.Equal("amd", d.Vendor));
        Assert.Null(node.Topology);
        Assert.Contains("rocm-smi", node.DiscoveredBy);
    }

    [Fact]
    public async Task HungNvidiaSmi_IsKilled_AndTheNodeHasNoGpus()
    {
        var options = new LocalExecutorOptions { DiscoveryCommandTimeout = TimeSpan.FromMilliseconds(300) };

        var node = await Discovery("hung", options).DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Empty(node.Accelerators);
        Assert.DoesNotContain("nvidia-smi", node.DiscoveredBy);
    }

    [Fact]
    public async Task FailingNvidiaSmi_MeansNoGpus()
    {
        var node = await Discovery("failing", new LocalExecutorOptions()).DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Empty(node.Accelerators);
    }

    private static HardwareDiscovery Discovery(string tools, LocalExecutorOptions options)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tools", tools);

        // A checkout may have lost the execute bits; chmod opens nothing for writing, so no ETXTBSY.
        foreach (var tool in Directory.GetFiles(directory))
            File.SetUnixFileMode(tool, File.GetUnixFileMode(tool) | UnixFileMode.UserExecute | UnixFileMode.UserRead);
        return new HardwareDiscovery(options) { UseNvml = false, ToolDirectories = [directory] };
    }
}
