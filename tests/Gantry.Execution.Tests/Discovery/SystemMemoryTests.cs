using Gantry.Execution.Discovery;
using Gantry.Execution.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Execution.Tests.Discovery;

public sealed class SystemMemoryTests
{
    [Fact]
    public void MemTotal_IsReadInBytes()
    {
        const string meminfo = "MemTotal:       2113645672 kB\nMemFree:        2010110232 kB\nMemAvailable:   2075839216 kB\n";

        Assert.Equal(2_113_645_672L * 1024, SystemMemory.ParseMemTotal(meminfo));
    }

    [Fact]
    public void CgroupLimit_IsTheLowestMemoryMaxOnTheWayToTheRoot()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("system.slice", "gantry.service"));
        File.WriteAllText(root.Combine("system.slice", "gantry.service", "memory.max"), "max\n");
        File.WriteAllText(root.Combine("system.slice", "memory.max"), "17179869184\n");

        var limit = SystemMemory.CgroupLimit(NullLogger.Instance, "0::/system.slice/gantry.service\n", root.Path);

        Assert.Equal(16L << 30, limit);
    }

    [Theory]
    [InlineData("0::/\n")]
    [InlineData("12:memory:/docker/abc\n")]
    [InlineData("0::/unlimited\n")]
    public void CgroupLimit_WithoutLimit_IsNull(string procSelfCgroup)
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("unlimited"));
        File.WriteAllText(root.Combine("unlimited", "memory.max"), "max\n");

        Assert.Null(SystemMemory.CgroupLimit(NullLogger.Instance, procSelfCgroup, root.Path));
    }

    [Fact]
    public void Read_CapsMemTotalByTheCgroup()
    {
        using var proc = new TempDirectory();
        using var cgroup = new TempDirectory();
        Directory.CreateDirectory(proc.Combine("self"));
        File.WriteAllText(proc.Combine("meminfo"), "MemTotal:       32768000 kB\n");
        File.WriteAllText(proc.Combine("self", "cgroup"), "0::/job\n");
        Directory.CreateDirectory(cgroup.Combine("job"));
        File.WriteAllText(cgroup.Combine("job", "memory.max"), "1073741824\n");

        Assert.Equal(1L << 30, SystemMemory.Read(NullLogger.Instance, proc.Path, cgroup.Path));

        File.WriteAllText(cgroup.Combine("job", "memory.max"), "max\n");
        Assert.Equal(32_768_000L * 1024, SystemMemory.Read(NullLogger.Instance, proc.Path, cgroup.Path));
    }
}
