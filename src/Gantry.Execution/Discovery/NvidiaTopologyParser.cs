using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.Core.Hardware;

namespace Gantry.Execution.Discovery;

/// <summary>
/// Parses the matrix of <c>nvidia-smi topo -m</c> into a <see cref="GpuTopology"/>: only GPU rows and
/// GPU columns; NIC rows, the CPU/NUMA affinity columns and the legends are skipped.
/// </summary>
internal static partial class NvidiaTopologyParser
{
    public static readonly IReadOnlyList<string> Arguments = ["topo", "-m"];

    /// <summary>The topology, or null when the text holds no GPU matrix.</summary>
    public static GpuTopology? Parse(string text)
    {
        var lines = AnsiEscape().Replace(text, "").Split('\n');
        List<int>? columns = null;
        var rows = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var line in lines)
        {
            // Cells are tab-separated, but every GPU-to-GPU cell is one word ("X", "NV18", "SYS"),
            // and GPU columns come first, so splitting on any white space reads them the same way.
            var tokens = line.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
                continue;
            if (tokens[0].StartsWith("Legend", StringComparison.Ordinal))
                break;
            if (GpuNumber(tokens[0]) is not { } first)
                continue;
            var isRow = tokens.Contains("X");
            if (columns is null)
            {
                if (isRow)
                    continue;
                columns = [];
                foreach (var token in tokens)
                {
                    if (GpuNumber(token) is not { } column)
                        break;
                    columns.Add(column);
                }

                continue;
            }

            if (!isRow || tokens.Length < 1 + columns.Count)
                continue;
            rows[first] = tokens[1..(1 + columns.Count)];
        }

        if (columns is null || columns.Count == 0)
            return null;
        var gpus = columns.Where(rows.ContainsKey).ToList();
        var links = gpus.Select(row => (IReadOnlyList<string>)gpus.Select(column => rows[row][columns.IndexOf(column)]).ToList()).ToList();
        return gpus.Count == 0 ? null : new GpuTopology(gpus, links);
    }

    private static int? GpuNumber(string token) =>
        token.Length > 3 && token.StartsWith("GPU", StringComparison.Ordinal)
        && int.TryParse(token.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
