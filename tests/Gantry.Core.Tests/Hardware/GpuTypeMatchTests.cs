using Gantry.Core.Hardware;

namespace Gantry.Core.Tests.Hardware;

public sealed class GpuTypeMatchTests
{
    private static AcceleratorDevice Device(string model, string vendor = "nvidia", bool isGpu = true) =>
        new(0, vendor, "GPU-0", model, 80L << 30, IsGpu: isGpu);

    [Theory]
    [InlineData("NVIDIA H100 80GB HBM3", "H100")]
    [InlineData("NVIDIA H100 80GB HBM3", "h100")]
    [InlineData("NVIDIA H100 80GB HBM3", "H100-80GB")]
    [InlineData("NVIDIA H100 80GB HBM3", "h100_80gb")]
    [InlineData("NVIDIA A100-SXM4-80GB", "A100")]
    [InlineData("NVIDIA A100-SXM4-80GB", "a100 sxm4")]
    [InlineData("NVIDIA A100-SXM4-80GB", "nvidia")]
    public void Matches_ModelContainingTheType_IgnoringCaseSpacesAndDashes(string model, string type) =>
        Assert.True(GpuTypeMatch.Matches(Device(model), type));

    [Theory]
    [InlineData("NVIDIA H100 80GB HBM3", "A100")]
    [InlineData("NVIDIA A100-SXM4-40GB", "A100-80GB")]
    [InlineData("NVIDIA H100 80GB HBM3", "H200")]
    [InlineData("NVIDIA H100 80GB HBM3", "amd")]
    public void Matches_IsFalse_ForAnotherModel(string model, string type) =>
        Assert.False(GpuTypeMatch.Matches(Device(model), type));

    [Fact]
    public void Matches_Vendor() =>
        Assert.True(GpuTypeMatch.Matches(Device("Instinct MI300X", vendor: "amd"), "AMD"));

    [Fact]
    public void Matches_WithoutType_AnyGpu() =>
        Assert.True(GpuTypeMatch.Matches(Device("Tesla T4"), null));

    [Fact]
    public void Matches_WithoutType_NotADeclaredNonGpuAccelerator() =>
        Assert.False(GpuTypeMatch.Matches(Device("TPU v5e", vendor: "declared", isGpu: false), null));

    [Fact]
    public void Matches_NonGpuAccelerator_WhenAskedForByName() =>
        Assert.True(GpuTypeMatch.Matches(Device("TPU v5e", vendor: "declared", isGpu: false), "tpu-v5e"));
}
