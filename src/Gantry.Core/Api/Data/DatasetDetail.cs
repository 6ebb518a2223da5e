namespace Gantry.Core.Api.Data;

/// <summary><c>GET /api/v1/datasets/{name}</c>: the dataset and every version, newest first.</summary>
public sealed record DatasetDetail(DatasetView Dataset, IReadOnlyList<DatasetVersionView> Versions);
