using Gantry.Core.Hardware;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Discovery;

/// <summary>Turns <see cref="DeclaredAccelerator"/> entries into devices numbered after the discovered ones.</summary>
internal static class DeclaredDevices
{
    public static IReadOnlyList<AcceleratorDevice> Expand(
        IEnumerable<DeclaredAccelerator> declarations, int firstIndex, string nodeName, ILogger logger)
    {
        var devices = new List<AcceleratorDevice>();
        var index = firstIndex;
        foreach (var declared in declarations)
        {
            if (string.IsNullOrWhiteSpace(declared.Model) || declared.Count < 0 || declared.MemoryBytes < 0)
            {
                logger.DeclaredAcceleratorIgnored(declared.Model, "it needs a model, a count ≥ 0 and memory ≥ 0");
                continue;
            }

            var vendor = string.IsNullOrWhiteSpace(declared.Vendor) ? "declared" : declared.Vendor.Trim().ToLowerInvariant();
            for (var i = 0; i < declared.Count; i++, index++)
            {
                devices.Add(new AcceleratorDevice(
                    index, vendor, $"{nodeName}-declared-{index}", declared.Model.Trim(), declared.MemoryBytes, IsGpu: declared.IsGpu));
            }
        }

        return devices;
    }
}
