namespace Gantry.Storage.Telemetry;

/// <summary>
/// What a job used over all its attempts, written in the same transaction as each start and end:
/// time queued, time running and GPU time, so they are recorded for every job whatever it reports.
/// </summary>
public sealed class JobUsageRecord
{
    public long JobId { get; set; }

    public int Attempts { get; set; }

    public long QueueMs { get; set; }

    /// <summary>Running time of the attempts that ended.</summary>
    public long RunMs { get; set; }

    /// <summary>GPU-milliseconds of the attempts that ended (GPUs held × running time).</summary>
    public long GpuMs { get; set; }

    /// <summary>When the running attempt started; null when none runs.</summary>
    public long? RunningSinceMs { get; set; }

    /// <summary>GPUs the running attempt holds.</summary>
    public int RunningGpus { get; set; }
}
