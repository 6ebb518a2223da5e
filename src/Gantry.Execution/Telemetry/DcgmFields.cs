namespace Gantry.Execution.Telemetry;

/// <summary>
/// The DCGM exporter's field names Gantry reads and also exports under the same names, so that
/// dashboards and alerts written for DCGM exporter work on Gantry's <c>/metrics</c> unchanged.
/// </summary>
public static class DcgmFields
{
    /// <summary>GPU utilisation, percent.</summary>
    public const string GpuUtil = "DCGM_FI_DEV_GPU_UTIL";

    /// <summary>Framebuffer memory used, MiB.</summary>
    public const string FbUsed = "DCGM_FI_DEV_FB_USED";

    /// <summary>Framebuffer memory free, MiB.</summary>
    public const string FbFree = "DCGM_FI_DEV_FB_FREE";

    /// <summary>Power draw, watts.</summary>
    public const string PowerUsage = "DCGM_FI_DEV_POWER_USAGE";

    /// <summary>Energy since the driver loaded, millijoules (a counter).</summary>
    public const string TotalEnergyConsumption = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";

    /// <summary>GPU temperature, degrees Celsius.</summary>
    public const string GpuTemp = "DCGM_FI_DEV_GPU_TEMP";

    /// <summary>SM clock, MHz.</summary>
    public const string SmClock = "DCGM_FI_DEV_SM_CLOCK";

    /// <summary>Mebibytes, the unit DCGM reports framebuffer memory in.</summary>
    public const long MiB = 1024 * 1024;
}
