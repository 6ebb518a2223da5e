using System.Globalization;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// Turns a DCGM exporter scrape into one <see cref="GpuSample"/> per GPU, keyed by its
/// <c>Hostname</c> and <c>gpu</c> labels. MIG instances (samples with a <c>GPU_I_ID</c>) are left
/// out: telemetry is kept per whole GPU, the unit Gantry allocates.
/// </summary>
public static class DcgmExporterParser
{
    /// <param name="text">The scraped page.</param>
    /// <param name="defaultNode">The node for samples without a <c>Hostname</c> label (the exporter's host).</param>
    public static IReadOnlyList<GpuSample> Parse(string text, string defaultNode)
    {
        var samples = PrometheusText.Parse(text, out _);
        var gpus = new Dictionary<(string Node, int Gpu), Builder>();
        foreach (var s in samples)
        {
            if (!s.Name.StartsWith("DCGM_FI_", StringComparison.Ordinal) || s.Label("GPU_I_ID") is not null)
                continue;
            if (s.Label("gpu") is not { } gpuText || !int.TryParse(gpuText, NumberStyles.None, CultureInfo.InvariantCulture, out var gpu))
                continue;
            if (!double.IsFinite(s.Value))
                continue;
            var node = s.Label("Hostname") ?? defaultNode;
            if (!gpus.TryGetValue((node, gpu), out var b))
                gpus[(node, gpu)] = b = new Builder();
            b.Uuid ??= s.Label("UUID");
            b.Model ??= s.Label("modelName");
            if (s.TimestampMs is { } ts)
                b.TimestampMs = Math.Max(b.TimestampMs ?? 0, ts);
            switch (s.Name)
            {
                case DcgmFields.GpuUtil: b.Util = s.Value; break;
                case DcgmFields.FbUsed: b.FbUsed = s.Value; break;
                case DcgmFields.FbFree: b.FbFree = s.Value; break;
                case DcgmFields.PowerUsage: b.Power = s.Value; break;
                case DcgmFields.TotalEnergyConsumption: b.Energy = s.Value; break;
                case DcgmFields.GpuTemp: b.Temp = s.Value; break;
                case DcgmFields.SmClock: b.Clock = s.Value; break;
            }
        }

        return gpus.OrderBy(g => g.Key.Node, StringComparer.Ordinal).ThenBy(g => g.Key.Gpu)
            .Select(g => g.Value.Build(g.Key.Node, g.Key.Gpu)).ToArray();
    }

    private sealed class Builder
    {
        public string? Uuid;
        public string? Model;
        public long? TimestampMs;
        public double? Util;
        public double? FbUsed;
        public double? FbFree;
        public double? Power;
        public double? Energy;
        public double? Temp;
        public double? Clock;

        public GpuSample Build(string node, int gpu) => new(node, gpu)
        {
            Uuid = Uuid,
            Model = Model,
            UtilizationPercent = Util,
            MemoryUsedBytes = FbUsed is { } used ? (long)(used * DcgmFields.MiB) : null,
            MemoryTotalBytes = FbUsed is { } u && FbFree is { } f ? (long)((u + f) * DcgmFields.MiB) : null,
            PowerWatts = Power,
            EnergyMillijoules = Energy,
            TemperatureCelsius = Temp,
            SmClockMhz = Clock,
            At = TimestampMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        };
    }
}
