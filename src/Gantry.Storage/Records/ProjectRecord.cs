namespace Gantry.Storage.Records;

public sealed class ProjectRecord
{
    public required string Name { get; set; }

    public long CreatedAtMs { get; set; }

    /// <summary>GPUs guaranteed to the project (its nominal quota); null = this resource is not part of its quota.</summary>
    public double? QuotaGpus { get; set; }

    public double? QuotaCpus { get; set; }

    public long? QuotaMemoryBytes { get; set; }

    /// <summary>Most GPUs the project may hold, borrowing included; null = no limit.</summary>
    public double? LimitGpus { get; set; }

    public double? LimitCpus { get; set; }

    public long? LimitMemoryBytes { get; set; }

    /// <summary>Projects in one cohort lend each other their idle guaranteed quota.</summary>
    public string? Cohort { get; set; }

    /// <summary>Fair-share weight; a project with weight 2 is entitled to twice the share. Default 1.</summary>
    public double Weight { get; set; } = 1;
}
