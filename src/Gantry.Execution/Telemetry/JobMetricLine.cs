namespace Gantry.Execution.Telemetry;

/// <summary>What one metrics line says: an optional step, an optional time, and named values.</summary>
public sealed record JobMetricLine(long? Step, DateTimeOffset? At, IReadOnlyList<KeyValuePair<string, double>> Values);
