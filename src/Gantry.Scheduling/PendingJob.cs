using Gantry.Core.Jobs;

namespace Gantry.Scheduling;

/// <summary>A queued job task waiting for a place. Lower ids were submitted earlier.</summary>
public sealed record PendingJob(long Id, int Priority, ResourceRequest Resources, string? Pool);
