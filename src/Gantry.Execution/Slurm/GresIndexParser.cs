using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.Execution.Slurm;

/// <summary>
/// Reads which GPUs Slurm gave a running job from <c>scontrol show job -d</c>: one detail line per group of nodes,
/// <c>Nodes=a,b CPU_IDs=0-1 Mem=1024 GRES=gpu:2(IDX:0-1)</c> (or <c>gpu:a100:2(IDX:0,2)</c>).
/// </summary>
internal static partial class GresIndexParser
{
    /// <summary>(node list expression, GPU indices) per detail line; empty when the text has none.</summary>
    public static IReadOnlyList<(string Nodes, IReadOnlyList<int> Devices)> Parse(string text)
    {
        var result = new List<(string, IReadOnlyList<int>)>();
        foreach (Match line in DetailLine().Matches(text))
        {
            var devices = new List<int>();
            foreach (Match gres in GpuIndices().Matches(line.Groups["gres"].Value))
                devices.AddRange(Ranges(gres.Groups["idx"].Value));
            result.Add((line.Groups["nodes"].Value, devices.Distinct().Order().ToArray()));
        }

        return result;
    }

    /// <summary>"0-1,3" → 0, 1, 3; "N/A" → nothing.</summary>
    public static IEnumerable<int> Ranges(string text)
    {
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
                    yield return single;
                continue;
            }

            if (int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                for (var i = from; i <= to; i++)
                    yield return i;
            }
        }
    }

    [GeneratedRegex(@"^\s*Nodes=(?<nodes>\S+)\s.*?\bGRES=(?<gres>\S*)", RegexOptions.Multiline)]
    private static partial Regex DetailLine();

    [GeneratedRegex(@"(?:^|,)gpu(?::[^:(,]+)?:\d+\(IDX:(?<idx>[^)]*)\)")]
    private static partial Regex GpuIndices();
}
