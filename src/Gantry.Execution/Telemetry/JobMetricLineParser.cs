using System.Text.Json;

namespace Gantry.Execution.Telemetry;

/// <summary>
/// Reads a job's metrics lines: <c>{"step": 120, "loss": 0.31, "accuracy": 0.92}</c>. Every numeric
/// field is a metric except <c>step</c> (an integer, the x axis) and <c>time</c>/<c>timestamp</c>
/// (Unix seconds, when the value was measured). Strings, booleans and nested values are ignored. A
/// line that is not a JSON object, or has no metric at all, is malformed: skipped and counted.
/// </summary>
public static class JobMetricLineParser
{
    /// <summary>Longest accepted metric name.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>Most metrics one line may carry; the rest are ignored.</summary>
    public const int MaxValuesPerLine = 64;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    /// <summary>The line's metrics, or null when it is malformed.</summary>
    public static JobMetricLine? Parse(ReadOnlySpan<byte> utf8Line)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Line, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            long? step = null;
            DateTimeOffset? at = null;
            var values = new List<KeyValuePair<string, double>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var value) || !double.IsFinite(value))
                    continue;
                switch (property.Name)
                {
                    case "step":
                        if (property.Value.TryGetInt64(out var s) && s >= 0)
                            step = s;
                        else if (value >= 0 && value < long.MaxValue && Math.Floor(value) == value)
                            step = (long)value;
                        continue;
                    case "time" or "timestamp":
                        if (value is > 0 and < 253402300800)
                            at = DateTimeOffset.FromUnixTimeMilliseconds((long)(value * 1000));
                        continue;
                }

                if (IsValidKey(property.Name) && values.Count < MaxValuesPerLine)
                    values.Add(new KeyValuePair<string, double>(property.Name, value));
            }

            return values.Count == 0 ? null : new JobMetricLine(step, at, values);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="key"/> can name a metric: 1–64 of letters, digits and <c>_ . - /</c>.</summary>
    public static bool IsValidKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/');
}
