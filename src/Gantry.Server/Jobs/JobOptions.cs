namespace Gantry.Server.Jobs;

/// <summary>How jobs run. Bound from the "Jobs" configuration section.</summary>
public sealed class JobOptions
{
    /// <summary>Time between SIGTERM and SIGKILL when a job is cancelled or hits its limit. <value>The default value is 10 seconds.</value></summary>
    public TimeSpan CancelGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first retry; doubles for each later one. <value>The default value is 5 seconds.</value></summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries. <value>The default value is 5 minutes.</value></summary>
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the scheduler looks at the queue when nothing wakes it. <value>The default value is 1 second.</value></summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most queued jobs one scheduling cycle considers. <value>The default value is 5000.</value></summary>
    public int SchedulerWindow { get; set; } = 5000;

    /// <summary>Fair share: past usage counts half as much every half-life. <value>The default value is 7 days.</value></summary>
    public TimeSpan FairShareHalfLife { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan BackoffFor(int failedAttempt)
    {
        var factor = Math.Pow(2, Math.Max(0, failedAttempt - 1));
        var wait = TimeSpan.FromTicks((long)Math.Min(RetryBackoff.Ticks * factor, RetryBackoffMax.Ticks));
        return wait;
    }
}
