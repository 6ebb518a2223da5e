using Gantry.Core.Jobs;

namespace Gantry.Storage.Records;

/// <summary>One job task (an array has one record per index). Times are Unix milliseconds.</summary>
public sealed class JobRecord
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Project { get; set; }

    public required string User { get; set; }

    public JobState State { get; set; }

    /// <summary>The argv as a JSON array.</summary>
    public required string CommandJson { get; set; }

    /// <summary>User environment as a JSON object.</summary>
    public required string EnvJson { get; set; }

    public int Gpus { get; set; }

    public string? GpuType { get; set; }

    public double Cpus { get; set; }

    public long MemoryBytes { get; set; }

    public int Nodes { get; set; }

    /// <summary>Thousandths of each GPU held: 1000 for whole GPUs, less for a share of one.</summary>
    public int GpuMilli { get; set; } = 1000;

    public int Priority { get; set; }

    public bool Preemptible { get; set; }

    public int MaxRetries { get; set; }

    /// <summary>1 for the first run; grows with each retry.</summary>
    public int Attempt { get; set; }

    public double? TimeLimitSeconds { get; set; }

    public long? ArrayId { get; set; }

    public int? ArrayIndex { get; set; }

    /// <summary>The pool the user asked for; null means any.</summary>
    public string? Pool { get; set; }

    public long SubmittedAtMs { get; set; }

    public long? StartedAtMs { get; set; }

    public long? FinishedAtMs { get; set; }

    /// <summary>A retried job is not started before this time (backoff).</summary>
    public long NotBeforeMs { get; set; }

    public int? ExitCode { get; set; }

    public string? Reason { get; set; }

    public string? Node { get; set; }

    /// <summary>Indices of the accelerators the job holds, comma-separated.</summary>
    public string? Devices { get; set; }

    /// <summary>Every node of a multi-node gang with its device indices, as JSON (null for a job on one node).</summary>
    public string? GangJson { get; set; }

    /// <summary>The executor's handle of the running attempt, to re-attach after a restart.</summary>
    public string? Handle { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>The scheduler asked this attempt to make room; when it ends the job is requeued, keeping its place.</summary>
    public bool PreemptRequested { get; set; }

    /// <summary>How often the job was preempted and requeued.</summary>
    public int Preemptions { get; set; }

    /// <summary>The running attempt was admitted on quota borrowed from its cohort (it may be reclaimed).</summary>
    public bool Borrowed { get; set; }

    /// <summary>The framework of a distributed job ("pytorch", "tensorflow", "spark"); null for one process.</summary>
    public string? DistributedFramework { get; set; }

    /// <summary>Processes per node of a distributed job; null for one process.</summary>
    public int? ProcessesPerNode { get; set; }

    /// <summary>The spec allows bursting to a cloud pool (burst: true).</summary>
    public bool Burst { get; set; }

    /// <summary>The most sensitive class of the job's inputs (residency decides its pools); null without inputs.</summary>
    public Core.Api.Data.DataClass? InputClass { get; set; }

    /// <summary>The container image (Kubernetes pools); null: the pool's default.</summary>
    public string? Image { get; set; }

    /// <summary>The cloud pool the running attempt burst to; null when it did not burst.</summary>
    public string? BurstPool { get; set; }

    /// <summary>Set when the running attempt burst to a cloud pool: its estimated wait on-premises (seconds; -1 unbounded).</summary>
    public double? BurstWaitSeconds { get; set; }

    /// <summary>The burst's estimated extra cost over on-premises, USD per hour (GPU rate difference × GPUs).</summary>
    public double? BurstExtraUsdPerHour { get; set; }

    /// <summary>The burst's estimated extra cost for its time limit, USD; null without a time limit.</summary>
    public double? BurstExtraUsd { get; set; }
}
