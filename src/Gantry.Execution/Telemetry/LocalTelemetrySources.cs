using Gantry.Execution.Discovery;
using Microsoft.Extensions.Logging;

namespace Gantry.Execution.Telemetry;

/// <summary>Picks how this machine's GPUs are read: NVML when the driver library loads, else an <c>nvidia-smi</c> stream.</summary>
public static class LocalTelemetrySources
{
    private static readonly string[] NvidiaDirectories = ["/usr/bin", "/usr/local/nvidia/bin"];

    /// <summary>The kinds <see cref="StartAsync"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["auto", "nvml", "nvidia-smi", "none"];

    /// <summary>
    /// Starts the source of <paramref name="kind"/> ("auto", "nvml", "nvidia-smi" or "none") and returns
    /// it, or null when there is nothing to read on this machine.
    /// </summary>
    /// <param name="period">How often readings are wanted (the nvidia-smi stream's <c>-lms</c>).</param>
    /// <param name="toolDirectories">Where to look for nvidia-smi; null: PATH and the driver's usual directories.</param>
    public static async Task<ITelemetrySource?> StartAsync(
        string kind, TimeSpan period, ILogger logger, TimeProvider time, IReadOnlyList<string>? toolDirectories, CancellationToken cancellationToken)
    {
        var directories = toolDirectories ?? [.. ExecutableSearch.PathDirectories(), .. NvidiaDirectories];
        if (kind is "auto" or "nvml")
        {
            var nvml = new NvmlTelemetrySource(logger);
            if (await nvml.StartAsync(cancellationToken))
                return nvml;
            await nvml.DisposeAsync();
        }

        if (kind is "auto" or "nvidia-smi")
        {
            var smi = new NvidiaSmiTelemetrySource(period, directories, logger, time);
            if (await smi.StartAsync(cancellationToken))
                return smi;
            await smi.DisposeAsync();
        }

        return null;
    }
}
