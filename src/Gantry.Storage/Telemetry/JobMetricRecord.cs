namespace Gantry.Storage.Telemetry;

/// <summary>One value a job reported about itself (loss, accuracy, samples/s), from its metrics file or the API.</summary>
public sealed class JobMetricRecord
{
    public long Id { get; set; }

    public long JobId { get; set; }

    public required string Key { get; set; }

    public long? Step { get; set; }

    public double Value { get; set; }

    public long AtMs { get; set; }
}
