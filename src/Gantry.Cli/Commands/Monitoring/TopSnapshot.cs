using Gantry.Core.Api;

namespace Gantry.Cli.Commands.Monitoring;

/// <summary>What <c>gantry top</c> shows at one moment: every GPU with its newest telemetry, running jobs, the queue.</summary>
internal sealed record TopSnapshot(
    DateTimeOffset At,
    IReadOnlyList<TopGpu> Gpus,
    IReadOnlyList<JobView> Running,
    IReadOnlyList<JobView> Queued);

/// <summary>A GPU with the average of its readings over the last seconds (null values: no telemetry).</summary>
internal sealed record TopGpu(
    string Node,
    int Index,
    string Model,
    long? JobId,
    double? Utilization,
    long? MemoryUsedBytes,
    long MemoryTotalBytes,
    double? PowerWatts,
    double? TemperatureCelsius);
