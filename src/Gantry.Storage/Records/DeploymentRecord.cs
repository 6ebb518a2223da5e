namespace Gantry.Storage.Records;

/// <summary>
/// A deployment of one model version: how many replicas, how requests are batched and limited, and who changed it
/// last. The name is unique across projects (it is the model name in <c>/v2/models/{name}</c>). Times are Unix ms.
/// </summary>
public sealed class DeploymentRecord
{
    public required string Name { get; set; }

    public required string Project { get; set; }

    public required string Model { get; set; }

    public int ModelVersion { get; set; }

    /// <summary>Replicas asked for by the last create/scale; the autoscaler moves the live count between min and max.</summary>
    public int Replicas { get; set; }

    public int MinReplicas { get; set; }

    public int MaxReplicas { get; set; }

    public int MaxBatch { get; set; }

    public double MaxDelayMs { get; set; }

    public int MaxQueueRows { get; set; }

    public double DeadlineMs { get; set; }

    /// <summary>"cpu" or "cuda".</summary>
    public required string Device { get; set; }

    public int IntraOpThreads { get; set; }

    public int InterOpThreads { get; set; }

    public double? RateLimitRps { get; set; }

    public int? RateLimitBurst { get; set; }

    public long? PredictionQuota { get; set; }

    /// <summary>"active", or "failed" when the model could not be loaded at the last start (<see cref="Reason"/>).</summary>
    public required string State { get; set; }

    public string? Reason { get; set; }

    public required string CreatedBy { get; set; }

    public long CreatedAtMs { get; set; }

    public required string UpdatedBy { get; set; }

    public long UpdatedAtMs { get; set; }
}
