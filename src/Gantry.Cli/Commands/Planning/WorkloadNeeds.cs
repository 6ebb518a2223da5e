using Gantry.Core;

namespace Gantry.Cli.Commands.Planning;

/// <summary>
/// What a planned workload asks of hardware, whatever its kind: GPUs, memory per GPU, storage and time, and how to
/// re-plan it for other GPUs (null for kinds with no run time).
/// </summary>
internal sealed record WorkloadNeeds
{
    public required string Kind { get; init; }

    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    public required int MinGpus { get; init; }

    public required long MemoryPerGpuBytes { get; init; }

    /// <summary>The parallel layout the memory figure is for, in words.</summary>
    public required string Layout { get; init; }

    public required long StorageBytes { get; init; }

    public required string StorageDetail { get; init; }

    public double? WallClockHours { get; init; }

    public double? GpuHours { get; init; }

    /// <summary>The same work planned on (catalog GPU, count).</summary>
    public Func<string, int, Outcome<Replanned>>? Replan { get; init; }
}
