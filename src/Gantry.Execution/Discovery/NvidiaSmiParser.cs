using System.Globalization;
using Gantry.Core;
using Gantry.Core.Hardware;

namespace Gantry.Execution.Discovery;

/// <summary>
/// Parses <c>nvidia-smi --query-gpu=index,uuid,name,memory.total,pci.bus_id --format=csv,noheader,nounits</c>.
/// </summary>
internal static class NvidiaSmiParser
{
    /// <summary>The arguments that produce the output <see cref="ParseQueryGpu"/> reads.</summary>
    public static readonly IReadOnlyList<string> QueryGpuArguments =
        ["--query-gpu=index,uuid,name,memory.total,pci.bus_id", "--format=csv,noheader,nounits"];

    public static Outcome<IReadOnlyList<AcceleratorDevice>> ParseQueryGpu(string csv)
    {
        var devices = new List<AcceleratorDevice>();
        var lineNumber = 0;
        foreach (var rawLine in csv.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
                continue;
            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            if (fields.Length < 5)
                return GantryError.Invalid($"line {lineNumber} has {fields.Length} fields, expected 5: '{line}'");

            // A model name could hold a comma; index and uuid lead, memory and bus id close the line.
            var name = string.Join(",", fields[2..^2]).Trim();
            if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                return GantryError.Invalid($"line {lineNumber} has no GPU index: '{line}'");
            var memoryBytes = long.TryParse(fields[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var mebibytes)
                ? mebibytes * 1024 * 1024
                : 0;
            var busId = IsMissing(fields[^1]) ? null : fields[^1];
            devices.Add(new AcceleratorDevice(index, "nvidia", fields[1], name, memoryBytes, busId));
        }

        return devices;
    }

    private static bool IsMissing(string value) =>
        value.Length == 0 || value.StartsWith("[N/A", StringComparison.Ordinal) || value == "N/A";
}
