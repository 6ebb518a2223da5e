namespace Gantry.Core.Api.Data;

/// <summary>
/// <c>GET /api/v1/datasets/{name}/versions/{n}</c>: a version with its lineage — the job that produced it
/// (if any), the jobs that read it, and the model versions trained from it.
/// </summary>
public sealed record DatasetVersionDetail(
    DatasetView Dataset,
    DatasetVersionView Version,
    JobRef? Producer,
    IReadOnlyList<JobRef> ReadBy,
    IReadOnlyList<ModelVersionRef> Models);
