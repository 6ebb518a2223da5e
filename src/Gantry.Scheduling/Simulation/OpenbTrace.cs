using System.Globalization;
using Gantry.Core;

namespace Gantry.Scheduling.Simulation;

/// <summary>
/// Reads the CSV files of the Alibaba GPU cluster trace v2023 ("openb", from the FGD paper):
/// <c>sn,cpu_milli,memory_mib,gpu,model</c> for nodes and
/// <c>name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time</c>
/// for tasks. Columns are found by header name. A malformed file is an expected failure, not an exception.
/// </summary>
public static class OpenbTrace
{
    public static Outcome<IReadOnlyList<TraceNode>> ParseNodes(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse<TraceNode>(reader, "node list", ["sn", "cpu_milli", "memory_mib", "gpu", "model"], [], (c, line) =>
        {
            if (!Long(c[1], out var cpu) || !Long(c[2], out var memory) || !int.TryParse(c[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gpus))
                return GantryError.Invalid($"node list line {line}: cpu_milli, memory_mib and gpu must be whole numbers");
            return new TraceNode(c[0], cpu, memory, gpus, c[4].Length == 0 || gpus == 0 ? null : c[4]);
        });
    }

    /// <summary>Tasks; the columns after <c>gpu_milli</c> may be absent (the multigpu20 file has none: inflation only).</summary>
    public static Outcome<IReadOnlyList<TracePod>> ParsePods(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse<TracePod>(reader, "pod list", ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli"], ["gpu_spec", "qos", "pod_phase", "creation_time", "deletion_time", "scheduled_time"], (c, line) =>
        {
            if (!Long(c[1], out var cpu) || !Long(c[2], out var memory)
                || !int.TryParse(c[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gpus)
                || !int.TryParse(c[4], NumberStyles.None, CultureInfo.InvariantCulture, out var milli))
            {
                return GantryError.Invalid($"pod list line {line}: cpu_milli, memory_mib, num_gpu and gpu_milli must be whole numbers");
            }

            if (!Time(c[8], out var created) || !Time(c[9], out var deleted) || !Time(c[10], out var scheduled))
                return GantryError.Invalid($"pod list line {line}: creation_time, deletion_time and scheduled_time must be numbers or empty");
            return new TracePod(c[0], cpu, memory, gpus, milli, c[5].Length == 0 ? null : c[5], c[6], c[7], created ?? 0, deleted, scheduled)
            {
                HasTimes = created is not null,
            };
        });
    }

    public static Outcome<IReadOnlyList<TraceNode>> ParseNodes(string text) => ParseNodes(new StringReader(text));

    public static Outcome<IReadOnlyList<TracePod>> ParsePods(string text) => ParsePods(new StringReader(text));

    private static Outcome<IReadOnlyList<T>> Parse<T>(TextReader reader, string what, string[] required, string[] optional, Func<string[], int, Outcome<T>> row)
    {
        var header = reader.ReadLine();
        if (header is null)
            return GantryError.Invalid($"the {what} is empty");
        var names = header.Trim().Split(',');
        string[] columns = [.. required, .. optional];
        var index = new int[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            index[i] = Array.IndexOf(names, columns[i]);
            if (index[i] < 0 && i < required.Length)
                return GantryError.Invalid($"the {what} has no column '{columns[i]}' (header: {header})");
        }

        var result = new List<T>();
        var cells = new string[columns.Length];
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            var fields = text.Split(',');
            if (fields.Length < names.Length)
                return GantryError.Invalid($"{what} line {line}: {fields.Length} fields, the header has {names.Length}");
            for (var i = 0; i < columns.Length; i++)
                cells[i] = index[i] < 0 ? "" : fields[index[i]].Trim();
            var parsed = row(cells, line);
            if (!parsed.IsOk)
                return parsed.Error;
            result.Add(parsed.Value);
        }

        return result;
    }

    private static bool Long(string s, out long value) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool Time(string s, out double? value)
    {
        value = null;
        if (s.Length == 0)
            return true;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            return false;
        value = v;
        return true;
    }
}
