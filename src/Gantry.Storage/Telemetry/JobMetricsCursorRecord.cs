namespace Gantry.Storage.Telemetry;

/// <summary>How far a job's metrics file has been read, so a restarted server goes on where it stopped.</summary>
public sealed class JobMetricsCursorRecord
{
    public long JobId { get; set; }

    /// <summary>Bytes of the file already read (always at a line end).</summary>
    public long Offset { get; set; }

    /// <summary>Metric values stored from the file and the API together.</summary>
    public long Points { get; set; }

    /// <summary>Lines that were not valid metrics and were skipped.</summary>
    public long SkippedLines { get; set; }
}
