namespace Gantry.Core.Jobs;

/// <summary>Where a job is in its life. Succeeded, Failed and Cancelled are final.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Stopped to make room for other work; requeued keeping its place (the scheduler issue).</summary>
    Preempted,
}
