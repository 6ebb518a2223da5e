using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api.Data;
using Gantry.Storage.Data;
using Gantry.Storage.Records;

namespace Gantry.Server.Data;

/// <summary>Records to API views.</summary>
internal static class DataViews
{
    public static DatasetView Dataset(DatasetRecord d, int versions, DatasetVersionRecord? latest) => new(
        d.Name,
        d.Project,
        d.Class,
        DataAccess.TagList(d.Tags),
        d.Description,
        d.CreatedBy,
        DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAtMs),
        versions,
        latest?.Version,
        latest?.SizeBytes,
        d.DeletedAtMs is not null);

    public static DatasetVersionView Version(DatasetVersionRecord v) => new(
        v.Dataset,
        v.Version,
        v.ManifestHash,
        v.SizeBytes,
        v.Files,
        v.Chunks,
        v.CreatedBy,
        DateTimeOffset.FromUnixTimeMilliseconds(v.CreatedAtMs),
        v.ProducedByJob);

    public static JobRef Job(JobRecord j) => new(j.Id, j.Name, j.User, j.State);

    public static ModelView Model(ModelRecord m, IReadOnlyList<ModelVersionRecord> versions) => new(
        m.Name,
        m.Project,
        m.Description,
        m.CreatedBy,
        DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtMs),
        versions.Count,
        versions.Count == 0 ? null : versions.Max(v => v.Version),
        versions.Where(v => v.Stage == ModelStage.Production).Select(v => (int?)v.Version).Max());

    public static ModelVersionView ModelVersion(ModelVersionRecord v, string project, JobRecord? job) => new(
        v.Model,
        project,
        v.Version,
        v.Format,
        v.Sha256,
        v.SizeBytes,
        v.FileName,
        v.Unsafe,
        v.SignatureJson is null ? null : JsonSerializer.Deserialize<ModelSignature>(v.SignatureJson, GantryJson.Options),
        JsonSerializer.Deserialize<Dictionary<string, string>>(v.DetailsJson, GantryJson.Options) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, double>>(v.MetricsJson, GantryJson.Options) ?? [],
        v.Stage,
        v.CreatedBy,
        DateTimeOffset.FromUnixTimeMilliseconds(v.CreatedAtMs),
        job is null ? (v.ProducedByJob is { } id ? new JobRef(id) : null) : Job(job),
        JsonSerializer.Deserialize<string[]>(v.InputsJson, GantryJson.Options) ?? []);
}
