namespace Gantry.Core.Api.Monitoring;

/// <summary>What a job used over all its attempts, recorded for every job: time queued, time running, GPU-hours.</summary>
public sealed record JobUsageView(
    int Attempts,
    double QueueSeconds,
    double RunSeconds,
    double GpuHours,
    bool Running);
