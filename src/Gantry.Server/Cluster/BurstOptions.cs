namespace Gantry.Server.Cluster;

/// <summary>When jobs that allow it burst to cloud pools. Bound from the "Scheduler" configuration section.</summary>
public sealed class BurstOptions
{
    /// <summary>
    /// A job with <c>burst: true</c> may be placed in a cloud pool when its estimated wait on-premises is longer than
    /// this. <value>The default value is null: no job bursts.</value>
    /// </summary>
    public TimeSpan? BurstAfter { get; set; }
}
