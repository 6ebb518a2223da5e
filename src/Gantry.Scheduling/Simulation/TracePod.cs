namespace Gantry.Scheduling.Simulation;

/// <summary>
/// A task of an openb trace. <see cref="GpuMilli"/> is the share of each GPU in thousandths (a
/// GPU-sharing task has one GPU and less than 1000); <see cref="GpuSpec"/> lists accepted GPU
/// models separated by '|' (null: any). Times are seconds; a task never scheduled has no
/// <see cref="ScheduledTime"/>.
/// </summary>
public sealed record TracePod(
    string Name,
    long CpuMilli,
    long MemoryMib,
    int Gpus,
    int GpuMilli,
    string? GpuSpec,
    string Qos,
    string Phase,
    double CreationTime,
    double? DeletionTime,
    double? ScheduledTime)
{
    /// <summary>Whether the file had a creation time for it (replay needs them).</summary>
    public bool HasTimes { get; init; } = true;

    /// <summary>The share of each GPU, 1000 for whole GPUs (the trace writes 0 or 1000 for multi-GPU tasks).</summary>
    public int MilliPerGpu => Gpus == 0 ? 0 : Gpus > 1 || GpuMilli <= 0 ? 1000 : Math.Min(1000, GpuMilli);

    /// <summary>GPU demand in thousandths of a GPU.</summary>
    public long GpuDemandMilli => Gpus * (long)MilliPerGpu;

    /// <summary>How long it ran: deletion minus start (scheduled, else creation), at least one second.</summary>
    public double Runtime => Math.Max(1, (DeletionTime ?? CreationTime) - (ScheduledTime ?? CreationTime));
}
