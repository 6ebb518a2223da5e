using System.Globalization;
using Gantry.Core.Hardware;

namespace Gantry.Execution.Slurm;

/// <summary>
/// Reads the nodes of <c>sinfo -N -h -o '%N|%c|%m|%G|%T'</c> (name, CPUs, memory in MB, GRES, state) into
/// <see cref="NodeInventory"/>, with each GRES GPU as an accelerator numbered 0..n-1 on its node. Nodes that
/// cannot take work (down, drained, failed, invalid) are left out, with the reason.
/// </summary>
internal static class SinfoParser
{
    public const string Format = "%N|%c|%m|%G|%T";

    private static readonly string[] UnusableStates = ["down", "drain", "fail", "inval", "maint", "unknown", "not_responding", "future"];

    public sealed record Result(IReadOnlyList<NodeInventory> Nodes, IReadOnlyList<string> Skipped);

    public static Result Parse(string text, SlurmExecutorOptions options)
    {
        var nodes = new List<NodeInventory>();
        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = raw.Split('|');
            if (fields.Length < 5)
            {
                skipped.Add($"'{raw}': not name|cpus|memory|gres|state");
                continue;
            }

            var name = fields[0];
            // A node of several partitions is listed once per partition.
            if (name.Length == 0 || !seen.Add(name))
                continue;
            var state = fields[4].ToLowerInvariant();
            if (UnusableStates.FirstOrDefault(s => state.Contains(s, StringComparison.Ordinal)) is not null)
            {
                skipped.Add($"{name}: state {state}");
                continue;
            }

            if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var cpus)
                || !long.TryParse(fields[2].TrimEnd('+'), NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes))
            {
                skipped.Add($"{name}: cannot read CPUs '{fields[1]}' or memory '{fields[2]}'");
                continue;
            }

            var accelerators = Gpus(name, fields[3], options);
            nodes.Add(new NodeInventory(name, cpus, megabytes << 20, accelerators, null, ["slurm"]));
        }

        return new Result(nodes, skipped);
    }

    /// <summary>The GPUs of a GRES list such as <c>gpu:a100:4(S:0-1),gpu:t4:2,mps:100</c> or <c>(null)</c>.</summary>
    public static IReadOnlyList<AcceleratorDevice> Gpus(string node, string gres, SlurmExecutorOptions options)
    {
        var devices = new List<AcceleratorDevice>();
        foreach (var entry in SplitTopLevel(gres))
        {
            var spec = entry.Split('(')[0];
            var parts = spec.Split(':');
            if (parts.Length < 2 || parts[0] != "gpu")
                continue;
            var countText = parts[^1];
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
                continue;
            var model = parts.Length >= 3 && parts[1].Length > 0 ? parts[1] : options.UntypedGpuModel;
            var memory = options.GpuMemoryBytes.TryGetValue(model, out var bytes) ? bytes : 0;
            for (var i = 0; i < count; i++)
            {
                var index = devices.Count;
                devices.Add(new AcceleratorDevice(index, options.GpuVendor, $"slurm:{node}:gpu{index.ToString(CultureInfo.InvariantCulture)}", model, memory));
            }
        }

        return devices;
    }

    // Commas inside parentheses (socket lists "S:0,1") do not separate GRES entries.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0:
                    yield return text[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }

        if (start < text.Length)
            yield return text[start..].Trim();
    }
}
