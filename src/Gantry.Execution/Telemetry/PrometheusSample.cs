namespace Gantry.Execution.Telemetry;

/// <summary>One sample line of the Prometheus text format: a metric name, its labels, a value and an optional timestamp.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs)
{
    /// <summary>A label's value, or null when the sample does not carry it (or carries it empty).</summary>
    public string? Label(string name) => Labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
