using System.Globalization;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// Parses the lines of <c>nvidia-smi --query-gpu=index,uuid,utilization.gpu,memory.used,memory.total,power.draw,temperature.gpu,clocks.sm
/// --format=csv,noheader,nounits</c>, one GPU per line. Fields a GPU does not support read <c>[N/A]</c> and become null.
/// </summary>
public static class NvidiaSmiTelemetryParser
{
    /// <summary>The query and format arguments; add <c>-lms N</c> to make nvidia-smi repeat them every N ms.</summary>
    public static readonly IReadOnlyList<string> QueryArguments =
    [
        "--query-gpu=index,uuid,utilization.gpu,memory.used,memory.total,power.draw,temperature.gpu,clocks.sm",
        "--format=csv,noheader,nounits",
    ];

    private const int FieldCount = 8;

    /// <summary>The sample of one line, or null when the line is not one (a blank, a warning nvidia-smi printed).</summary>
    public static GpuSample? ParseLine(string line)
    {
        var fields = line.Split(',');
        if (fields.Length != FieldCount)
            return null;
        for (var i = 0; i < fields.Length; i++)
            fields[i] = fields[i].Trim();
        if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return null;
        var usedMib = Number(fields[3]);
        var totalMib = Number(fields[4]);
        return new GpuSample(null, index)
        {
            Uuid = IsMissing(fields[1]) ? null : fields[1],
            UtilizationPercent = Number(fields[2]),
            MemoryUsedBytes = usedMib is { } u ? (long)(u * DcgmFields.MiB) : null,
            MemoryTotalBytes = totalMib is { } t ? (long)(t * DcgmFields.MiB) : null,
            PowerWatts = Number(fields[5]),
            TemperatureCelsius = Number(fields[6]),
            SmClockMhz = Number(fields[7]),
        };
    }

    /// <summary>Every sample of a block of lines (a one-shot query's output).</summary>
    public static IReadOnlyList<GpuSample> Parse(string text) =>
        text.Split('\n').Select(l => ParseLine(l.TrimEnd('\r'))).OfType<GpuSample>().ToArray();

    private static double? Number(string field) =>
        !IsMissing(field) && double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    private static bool IsMissing(string value) =>
        value.Length == 0 || value.StartsWith("[N/A", StringComparison.Ordinal) || value.StartsWith("[Not", StringComparison.Ordinal)
        || value == "N/A" || value.StartsWith("[Unknown", StringComparison.Ordinal);
}
