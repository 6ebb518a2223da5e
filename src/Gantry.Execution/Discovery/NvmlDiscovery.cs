using System.Runtime.InteropServices;
using System.Text;
using Gantry.Core.Hardware;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Discovery;

/// <summary>
/// Lists NVIDIA GPUs through NVML (<c>libnvidia-ml.so.1</c>, installed with the driver). The library is
/// loaded and bound by hand so that its absence is an ordinary answer (null), not an exception.
/// </summary>
internal static unsafe class NvmlDiscovery
{
    private const string Library = "libnvidia-ml.so.1";
    private const int Success = 0;
    private const int TextBufferSize = 96;
    private const int PciInfoSize = 68;
    private const int PciBusIdOffset = 36;

    /// <summary>The GPUs, or null when NVML is missing or does not work here.</summary>
    public static IReadOnlyList<AcceleratorDevice>? TryDiscover(ILogger logger)
    {
        if (!NativeLibrary.TryLoad(Library, out var library))
        {
            logger.NvmlUnavailable($"{Library} is not installed");
            return null;
        }

        if (!TryExport(library, "nvmlInit_v2", out var init)
            || !TryExport(library, "nvmlShutdown", out var shutdown)
            || !TryExport(library, "nvmlDeviceGetCount_v2", out var getCount)
            || !TryExport(library, "nvmlDeviceGetHandleByIndex_v2", out var getHandle)
            || !TryExport(library, "nvmlDeviceGetName", out var getName)
            || !TryExport(library, "nvmlDeviceGetUUID", out var getUuid)
            || !TryExport(library, "nvmlDeviceGetMemoryInfo", out var getMemory))
        {
            logger.NvmlUnavailable($"{Library} lacks a function Gantry needs");
            return null;
        }

        TryExport(library, "nvmlDeviceGetPciInfo_v3", out var getPci);

        var code = ((delegate* unmanaged<int>)init)();
        if (code != Success)
        {
            // Library present but no usable driver (a container without devices, a driver mismatch).
            logger.NvmlUnavailable($"nvmlInit_v2 returned {code}");
            return null;
        }

        try
        {
            uint count;
            code = ((delegate* unmanaged<uint*, int>)getCount)(&count);
            if (code != Success)
            {
                logger.NvmlCallFailed("nvmlDeviceGetCount_v2", code);
                return null;
            }

            var devices = new List<AcceleratorDevice>((int)count);
            var text = stackalloc byte[TextBufferSize];
            var memory = stackalloc ulong[3];
            var pci = stackalloc byte[PciInfoSize + 60];
            for (uint i = 0; i < count; i++)
            {
                nint device;
                code = ((delegate* unmanaged<uint, nint*, int>)getHandle)(i, &device);
                if (code != Success)
                {
                    logger.NvmlCallFailed("nvmlDeviceGetHandleByIndex_v2", code);
                    return null;
                }

                var name = ReadText((delegate* unmanaged<nint, byte*, uint, int>)getName, device, text) ?? "NVIDIA GPU";
                var uuid = ReadText((delegate* unmanaged<nint, byte*, uint, int>)getUuid, device, text) ?? $"nvidia-gpu-{i}";
                var total = ((delegate* unmanaged<nint, ulong*, int>)getMemory)(device, memory) == Success ? (long)memory[0] : 0;
                string? busId = null;
                if (getPci != 0 && ((delegate* unmanaged<nint, byte*, int>)getPci)(device, pci) == Success)
                    busId = CString(pci + PciBusIdOffset, 32);
                devices.Add(new AcceleratorDevice((int)i, "nvidia", uuid, name, total, busId));
            }

            return devices;
        }
        finally
        {
            ((delegate* unmanaged<int>)shutdown)();
        }
    }

    private static bool TryExport(nint library, string name, out nint address) =>
        NativeLibrary.TryGetExport(library, name, out address);

    private static string? ReadText(delegate* unmanaged<nint, byte*, uint, int> function, nint device, byte* buffer)
    {
        new Span<byte>(buffer, TextBufferSize).Clear();
        return function(device, buffer, TextBufferSize) == Success ? CString(buffer, TextBufferSize) : null;
    }

    private static string? CString(byte* text, int capacity)
    {
        var span = new ReadOnlySpan<byte>(text, capacity);
        var end = span.IndexOf((byte)0);
        var value = Encoding.UTF8.GetString(end < 0 ? span : span[..end]).Trim();
        return value.Length == 0 ? null : value;
    }
}
