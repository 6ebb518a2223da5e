using Gantry.Core;
using Gantry.Core.Api.Data;
using Gantry.Server.Auth;
using Gantry.Server.Data;
using Gantry.Server.Hosting;
using Gantry.Storage.Blobs;
using Gantry.Storage.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Api;

/// <summary>
/// <c>/api/v1/datasets</c> and <c>/api/v1/chunks</c>: datasets, the push protocol (post a manifest, PUT missing
/// chunks, commit) and the pull protocol (get a manifest, GET its chunks), plus key rotation.
/// </summary>
internal static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var datasets = routes.MapGroup("/api/v1/datasets").WithTags("Datasets");
        datasets.MapPost("/", CreateAsync).WithName("CreateDataset").WithSummary("Create a dataset in a project, with a class and tags (member)")
            .Accepts<CreateDatasetRequest>("application/json");
        datasets.MapGet("/", ListAsync).WithName("ListDatasets").WithSummary("Datasets in the caller's projects");
        datasets.MapGet("/{name}", GetAsync).WithName("GetDataset").WithSummary("A dataset and its versions");
        datasets.MapDelete("/{name}", DeleteAsync).WithName("DeleteDataset").WithSummary("Delete a dataset; versions lineage needs are kept (project admin)");
        datasets.MapGet("/{name}/versions", VersionsAsync).WithName("ListDatasetVersions").WithSummary("A dataset's versions, newest first");
        datasets.MapGet("/{name}/versions/{version}", GetVersionAsync).WithName("GetDatasetVersion").WithSummary("One version (a number or 'latest') with its lineage");
        datasets.MapGet("/{name}/versions/{version}/manifest", ManifestAsync).WithName("GetDatasetManifest")
            .WithSummary("Pull step 1: the version's manifest (restricted data needs the member role; pulls of restricted, pii and phi data are audited)");
        datasets.MapPost("/{name}/uploads", UploadAsync).WithName("CreateDatasetUpload")
            .WithSummary("Push step 1: post the manifest; the answer lists the chunks the server still needs").Accepts<object>("application/json");
        datasets.MapPost("/{name}/uploads/{id}/commit", CommitAsync).WithName("CommitDatasetUpload")
            .WithSummary("Push step 3: commit the upload as the next version (409 with the missing chunks)");

        var chunks = routes.MapGroup("/api/v1/chunks").WithTags("Datasets");
        chunks.MapPut("/{hash}", PutChunkAsync).WithName("PutChunk")
            .WithSummary("Push step 2: one chunk's plaintext; it must hash to its address and an open upload of the caller must name it").Accepts<byte[]>("application/octet-stream");
        chunks.MapGet("/{hash}", GetChunkAsync).WithName("GetChunk")
            .WithSummary("Pull step 2: one chunk, verified, for callers who may pull a version naming it (?dataset=&version= or ?model=&version=)");

        routes.MapPost("/api/v1/data/rotate-key", RotateKeyAsync).WithTags("Datasets").RequireAuthorization(GantryPolicies.Admin)
            .WithName("RotateMasterKey").WithSummary("Add a master key (key file only) and re-wrap every chunk's data key under the current key (admin)");
        return routes;
    }

    private static async Task<Results<Created<DatasetView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, Caller caller, DatasetService service, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CreateDatasetRequest>(request, options.Value.MaxRequestBytes, cancellationToken);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await service.CreateAsync(caller, body.Value, cancellationToken)).ToCreated(d => $"/api/v1/datasets/{d.Name}");
    }

    private static async Task<Ok<IReadOnlyList<DatasetView>>> ListAsync(Caller caller, DatasetService service, string? project, bool? deleted, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(caller, project, deleted ?? false, cancellationToken));

    private static async Task<Results<Ok<DatasetDetail>, ProblemHttpResult>> GetAsync(string name, Caller caller, DatasetService service, CancellationToken cancellationToken) =>
        (await service.GetAsync(caller, name, cancellationToken)).ToOk();

    private static async Task<Results<Ok<DatasetDeleted>, ProblemHttpResult>> DeleteAsync(string name, Caller caller, DatasetService service, CancellationToken cancellationToken) =>
        (await service.DeleteAsync(caller, name, cancellationToken)).ToOk();

    private static async Task<Results<Ok<IReadOnlyList<DatasetVersionView>>, ProblemHttpResult>> VersionsAsync(string name, Caller caller, DatasetService service, CancellationToken cancellationToken)
    {
        var detail = await service.GetAsync(caller, name, cancellationToken);
        return detail.IsOk ? TypedResults.Ok(detail.Value.Versions) : Problems.From(detail.Error);
    }

    private static async Task<Results<Ok<DatasetVersionDetail>, ProblemHttpResult>> GetVersionAsync(
        string name, string version, Caller caller, DatasetService service, CancellationToken cancellationToken) =>
        (await service.GetVersionAsync(caller, name, version, cancellationToken)).ToOk();

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ManifestAsync(
        string name, string version, Caller caller, DatasetService service, CancellationToken cancellationToken)
    {
        var manifest = await service.ManifestAsync(caller, name, version, cancellationToken);
        return manifest.IsOk ? TypedResults.Text(manifest.Value, "application/json") : Problems.From(manifest.Error);
    }

    private static async Task<Results<Ok<UploadView>, ProblemHttpResult>> UploadAsync(
        string name, HttpRequest request, Caller caller, UploadService uploads, DataStore data, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, data.Options.MaxManifestBytes, cancellationToken);
        if (!text.IsOk)
            return Problems.From(text.Error);
        return (await uploads.CreateAsync(caller, UploadService.DatasetKind, name, null, text.Value, cancellationToken)).ToOk();
    }

    private static async Task<Results<Created<CommitView>, Ok<CommitView>, ProblemHttpResult>> CommitAsync(
        string name, string id, Caller caller, DatasetService service, CancellationToken cancellationToken)
    {
        var (result, missing) = await service.CommitAsync(caller, name, id, cancellationToken);
        if (!result.IsOk)
            return DataProblems.From(result.Error, missing);
        return result.Value.Created
            ? TypedResults.Created($"/api/v1/datasets/{name}/versions/{result.Value.Version.Version}", result.Value)
            : TypedResults.Ok(result.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PutChunkAsync(
        string hash, HttpRequest request, Caller caller, UploadService uploads, CancellationToken cancellationToken)
    {
        var problem = await uploads.PutChunkAsync(caller, hash, request, cancellationToken);
        return problem is null ? TypedResults.NoContent() : Problems.From(problem);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetChunkAsync(
        string hash, string? dataset, string? model, string? version, Caller caller, ChunkAccess access, DataStore data,
        Storage.MetadataStore store, ILogger<ChunkAccess> logger, CancellationToken cancellationToken)
    {
        if (!ChunkHash.IsValid(hash))
            return Problems.From(GantryError.Invalid($"'{hash}' is not a chunk address (64 lower-case hex digits of SHA-256)"));
        var notFound = GantryError.NotFound($"chunk {hash} not found in anything you may pull");
        string? source;
        if (dataset is not null || model is not null)
        {
            if (dataset is not null == model is not null || version is null)
                return Problems.From(GantryError.Invalid("name the version a chunk is for as dataset=NAME&version=N or model=NAME&version=N"));
            var number = VersionText.Parse(version);
            if (!number.IsOk || number.Value is null)
                return Problems.From(GantryError.Invalid($"version '{version}' must be a number from 1"));
            var kind = dataset is not null ? UploadService.DatasetKind : UploadService.ModelKind;
            var name = dataset ?? model!;
            var key = kind == UploadService.DatasetKind ? ChunkAccess.DatasetKey(name, number.Value.Value) : ChunkAccess.ModelKey(name, number.Value.Value);
            await using var db = store.CreateContext();
            if (!access.Granted(caller, key))
            {
                if (dataset is not null)
                {
                    var record = await db.Set<DatasetRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Name == dataset, cancellationToken);
                    if ((DataAccess.See(caller, record, dataset) ?? DataAccess.Pull(caller, record!)) is { } denied)
                        return Problems.From(denied);
                }
                else
                {
                    var record = await db.Set<ModelRecord>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == model, cancellationToken);
                    if (record is null || !caller.CanSee(record.Project))
                        return Problems.From(GantryError.NotFound($"model '{model}' not found"));
                }
            }

            var chunks = await access.VersionChunksAsync(db, kind, name, number.Value.Value, cancellationToken);
            if (chunks is null)
                return Problems.From(GantryError.NotFound($"{kind} '{name}' has no version {number.Value}"));
            access.Grant(caller, key);
            source = chunks.Contains(hash) ? $"{kind} {name}@{number.Value}" : null;
        }
        else
        {
            source = await access.FindReadableAsync(caller, hash, cancellationToken);
        }

        if (source is null)
            return Problems.From(notFound);
        try
        {
            var bytes = await data.Chunks.GetChunkAsync(hash, cancellationToken);
            return TypedResults.File(bytes, "application/octet-stream");
        }
        catch (Exception e) when (e is ChunkCorruptedException or ChunkMissingException or MasterKeyMissingException)
        {
            Log.ChunkUnreadable(logger, hash, source, e.Message);
            return DataProblems.Unreadable($"chunk {hash} of {source}", e);
        }
    }

    private static async Task<Results<Ok<RewrapView>, ProblemHttpResult>> RotateKeyAsync(
        Caller caller, DataStore data, Storage.MetadataWriter writer, CancellationToken cancellationToken)
    {
        var rotated = await data.RotateAsync(cancellationToken);
        var outcome = rotated.IsOk ? "ok" : rotated.Error.Kind.ToString().ToLowerInvariant();
        var detail = rotated.IsOk
            ? $"current key {rotated.Value.Report.CurrentKeyId}{(rotated.Value.Added ? " (added)" : "")}; re-wrapped {rotated.Value.Report.Rewrapped} of {rotated.Value.Report.Examined} chunks"
            : rotated.Error.Message;
        await writer.WriteAsync(scope =>
        {
            scope.Audit(caller.User, "data.rotate_key", "data/master-key", outcome, detail);
            return true;
        }, cancellationToken);
        if (!rotated.IsOk)
            return Problems.From(rotated.Error);
        var (added, report) = rotated.Value;
        return TypedResults.Ok(new RewrapView(report.CurrentKeyId, added, report.Examined, report.Rewrapped));
    }
}
