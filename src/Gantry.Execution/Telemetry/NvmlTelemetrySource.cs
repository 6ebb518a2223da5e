using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// Reads GPU telemetry through NVML (<c>libnvidia-ml.so.1</c>): a handful of in-process calls per GPU,
/// microseconds each, with the library initialised once. Functions the driver lacks (old drivers have
/// no energy counter) are simply not read.
/// </summary>
internal sealed unsafe class NvmlTelemetrySource(ILogger logger) : ITelemetrySource
{
    private const string Library = "libnvidia-ml.so.1";
    private const int Success = 0;
    private const int TemperatureGpu = 0;
    private const int ClockSm = 1;
    private const int TextBufferSize = 96;

    private readonly List<Device> _devices = [];
    private nint _shutdown;
    private nint _utilization;
    private nint _memory;
    private nint _power;
    private nint _energy;
    private nint _temperature;
    private nint _clock;
    private bool _initialized;

    public string Name => "nvml";

    public Task<bool> StartAsync(CancellationToken cancellationToken) => Task.Run(Start, cancellationToken);

    public Task<IReadOnlyList<GpuSample>> ReadAsync(CancellationToken cancellationToken)
    {
        var samples = new GpuSample[_devices.Count];
        for (var i = 0; i < _devices.Count; i++)
            samples[i] = Read(_devices[i]);
        return Task.FromResult<IReadOnlyList<GpuSample>>(samples);
    }

    public ValueTask DisposeAsync()
    {
        if (_initialized && _shutdown != 0)
            ((delegate* unmanaged<int>)_shutdown)();
        _initialized = false;
        return ValueTask.CompletedTask;
    }

    private bool Start()
    {
        if (!NativeLibrary.TryLoad(Library, out var library))
            return false;
        if (!NativeLibrary.TryGetExport(library, "nvmlInit_v2", out var init)
            || !NativeLibrary.TryGetExport(library, "nvmlShutdown", out _shutdown)
            || !NativeLibrary.TryGetExport(library, "nvmlDeviceGetCount_v2", out var getCount)
            || !NativeLibrary.TryGetExport(library, "nvmlDeviceGetHandleByIndex_v2", out var getHandle))
            return false;
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetUUID", out var getUuid);
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetName", out var getName);
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetUtilizationRates", out _utilization);
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetMemoryInfo", out _memory);
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetPowerUsage", out _power);
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetTotalEnergyConsumption", out _energy);
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetTemperature", out _temperature);
        NativeLibrary.TryGetExport(library, "nvmlDeviceGetClockInfo", out _clock);

        var code = ((delegate* unmanaged<int>)init)();
        if (code != Success)
        {
            logger.NvmlUnavailable($"nvmlInit_v2 returned {code}");
            return false;
        }

        _initialized = true;
        uint count;
        if (((delegate* unmanaged<uint*, int>)getCount)(&count) != Success || count == 0)
            return false;
        var text = stackalloc byte[TextBufferSize];
        for (uint i = 0; i < count; i++)
        {
            nint handle;
            if (((delegate* unmanaged<uint, nint*, int>)getHandle)(i, &handle) != Success)
                continue;
            var uuid = getUuid != 0 ? ReadText((delegate* unmanaged<nint, byte*, uint, int>)getUuid, handle, text) : null;
            var name = getName != 0 ? ReadText((delegate* unmanaged<nint, byte*, uint, int>)getName, handle, text) : null;
            _devices.Add(new Device((int)i, handle, uuid, name));
        }

        return _devices.Count > 0;
    }

    private GpuSample Read(Device device)
    {
        double? utilization = null;
        long? used = null;
        long? total = null;
        double? power = null;
        double? energy = null;
        double? temperature = null;
        double? clock = null;
        var rates = stackalloc uint[2];
        if (_utilization != 0 && ((delegate* unmanaged<nint, uint*, int>)_utilization)(device.Handle, rates) == Success)
            utilization = rates[0];
        var memory = stackalloc ulong[3];
        if (_memory != 0 && ((delegate* unmanaged<nint, ulong*, int>)_memory)(device.Handle, memory) == Success)
        {
            total = (long)memory[0];
            used = (long)memory[2];
        }

        uint value;
        if (_power != 0 && ((delegate* unmanaged<nint, uint*, int>)_power)(device.Handle, &value) == Success)
            power = value / 1000.0;
        ulong millijoules;
        if (_energy != 0 && ((delegate* unmanaged<nint, ulong*, int>)_energy)(device.Handle, &millijoules) == Success)
            energy = millijoules;
        if (_temperature != 0 && ((delegate* unmanaged<nint, int, uint*, int>)_temperature)(device.Handle, TemperatureGpu, &value) == Success)
            temperature = value;
        if (_clock != 0 && ((delegate* unmanaged<nint, int, uint*, int>)_clock)(device.Handle, ClockSm, &value) == Success)
            clock = value;

        return new GpuSample(null, device.Index)
        {
            Uuid = device.Uuid,
            Model = device.Model,
            UtilizationPercent = utilization,
            MemoryUsedBytes = used,
            MemoryTotalBytes = total,
            PowerWatts = power,
            EnergyMillijoules = energy,
            TemperatureCelsius = temperature,
            SmClockMhz = clock,
        };
    }

    private static string? ReadText(delegate* unmanaged<nint, byte*, uint, int> function, nint device, byte* buffer)
    {
        var span = new Span<byte>(buffer, TextBufferSize);
        span.Clear();
        if (function(device, buffer, TextBufferSize) != Success)
            return null;
        var end = span.IndexOf((byte)0);
        var value = Encoding.UTF8.GetString(end < 0 ? span : span[..end]).Trim();
        return value.Length == 0 ? null : value;
    }

    private sealed record Device(int Index, nint Handle, string? Uuid, string? Model);
}
