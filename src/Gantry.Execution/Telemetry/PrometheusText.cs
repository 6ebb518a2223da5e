using System.Globalization;
using System.Text;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4): what DCGM exporter serves, and what
/// Gantry's own <c>/metrics</c> answers. Comment and <c>HELP</c>/<c>TYPE</c> lines are skipped; a line
/// that is not a valid sample is counted and skipped, never fatal.
/// </summary>
public static class PrometheusText
{
    /// <summary>The samples of <paramref name="text"/>, in order.</summary>
    /// <param name="skipped">How many non-empty, non-comment lines were not valid samples.</param>
    public static IReadOnlyList<PrometheusSample> Parse(string text, out int skipped)
    {
        var samples = new List<PrometheusSample>();
        skipped = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (TryParseLine(line, out var sample))
                samples.Add(sample);
            else
                skipped++;
        }

        return samples;
    }

    /// <summary>Parses one sample line: <c>name{a="x",b="y"} value [timestamp]</c>.</summary>
    public static bool TryParseLine(string line, out PrometheusSample sample)
    {
        sample = null!;
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
            i++;
        if (i == 0)
            return false;
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            if (!TryParseLabels(line, ref i, labels))
                return false;
        }

        var rest = line[i..].Trim();
        var parts = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !TryParseValue(parts[0], out var value))
            return false;
        long? timestamp = null;
        if (parts.Length == 2)
        {
            if (!long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts))
                return false;
            timestamp = ts;
        }

        sample = new PrometheusSample(name, labels, value, timestamp);
        return true;
    }

    private static bool TryParseLabels(string line, ref int i, Dictionary<string, string> labels)
    {
        while (true)
        {
            SkipSpaces(line, ref i);
            if (i >= line.Length)
                return false;
            if (line[i] == '}')
            {
                i++;
                return true;
            }

            var start = i;
            while (i < line.Length && IsLabelChar(line[i], i == start))
                i++;
            if (i == start)
                return false;
            var key = line[start..i];
            SkipSpaces(line, ref i);
            if (i >= line.Length || line[i] != '=')
                return false;
            i++;
            SkipSpaces(line, ref i);
            if (i >= line.Length || line[i] != '"')
                return false;
            i++;
            var value = new StringBuilder();
            while (true)
            {
                if (i >= line.Length)
                    return false;
                var c = line[i++];
                if (c == '"')
                    break;
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (i >= line.Length)
                    return false;
                var escaped = line[i++];
                value.Append(escaped switch
                {
                    'n' => '\n',
                    '\\' => '\\',
                    '"' => '"',
                    _ => escaped,
                });
            }

            labels[key] = value.ToString();
            SkipSpaces(line, ref i);
            if (i < line.Length && line[i] == ',')
                i++;
        }
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static void SkipSpaces(string line, ref int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t')
            i++;
    }

    private static bool IsNameChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c is '_' or ':' || (!first && char.IsAsciiDigit(c));

    private static bool IsLabelChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c == '_' || (!first && char.IsAsciiDigit(c));
}
