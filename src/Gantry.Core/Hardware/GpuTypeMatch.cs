namespace Gantry.Core.Hardware;

public static class GpuTypeMatch
{
    /// <summary>
    /// Whether a device satisfies a job's <c>gpu_type</c>. Without a type, any GPU matches (but not a
    /// declared non-GPU accelerator such as a TPU slice). With one, the model name must contain it,
    /// ignoring case, spaces and '-' ("H100" matches "NVIDIA H100 80GB HBM3"), or the vendor equal it.
    /// </summary>
    public static bool Matches(AcceleratorDevice device, string? gpuType)
    {
        if (gpuType is null)
            return device.IsGpu;
        var want = Normalize(gpuType);
        return Normalize(device.Model).Contains(want, StringComparison.Ordinal)
            || Normalize(device.Vendor) == want;
    }

    private static string Normalize(string s) =>
        new(s.Where(c => c != ' ' && c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());
}
