using System.Globalization;
using Gantry.Core;
using Gantry.Core.Api.Data;
using Gantry.Server.Auth;
using Gantry.Server.Data;
using Gantry.Server.Hosting;
using Gantry.Storage.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Api;

/// <summary><c>/api/v1/models</c>: the model registry — register (a streamed file or the chunk protocol), list, show, stage, download.</summary>
internal static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        var models = routes.MapGroup("/api/v1/models").WithTags("Models");
        models.MapGet("/", ListAsync).WithName("ListModels").WithSummary("Models in the caller's projects");
        models.MapGet("/{name}", GetAsync).WithName("GetModel").WithSummary("A model and its versions");
        models.MapGet("/{name}/versions", VersionsAsync).WithName("ListModelVersions").WithSummary("A model's versions, newest first");
        models.MapPost("/{name}/versions", RegisterAsync).WithName("RegisterModel")
            .WithSummary("Register the next version from the request body (one file, up to Data:MaxModelBytes); ?project=&file=&metric=k=v&from_job=ID (member)")
            .Accepts<byte[]>("application/octet-stream");
        models.MapGet("/{name}/versions/{version}", GetVersionAsync).WithName("GetModelVersion").WithSummary("One version (a number or 'latest'): format, sha256, signature, metrics, stage, lineage");
        models.MapPost("/{name}/versions/{version}/stage", StageAsync).WithName("StageModel").WithSummary("Move a version to none, staging, production or archived (member)")
            .Accepts<StageRequest>("application/json");
        models.MapGet("/{name}/versions/{version}/download", DownloadAsync).WithName("DownloadModel").WithSummary("The version's file, every chunk verified");
        models.MapPost("/{name}/uploads", UploadAsync).WithName("CreateModelUpload")
            .WithSummary("Chunked register, step 1: post a one-file manifest (?project=); the answer lists the chunks to PUT").Accepts<object>("application/json");
        models.MapPost("/{name}/uploads/{id}/commit", CommitAsync).WithName("CommitModelUpload")
            .WithSummary("Chunked register, step 3: commit the upload as the next version").Accepts<CommitModelRequest>("application/json");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<ModelView>>> ListAsync(Caller caller, ModelService service, string? project, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(caller, project, cancellationToken));

    private static async Task<Results<Ok<ModelDetail>, ProblemHttpResult>> GetAsync(string name, Caller caller, ModelService service, CancellationToken cancellationToken) =>
        (await service.GetAsync(caller, name, cancellationToken)).ToOk();

    private static async Task<Results<Ok<IReadOnlyList<ModelVersionView>>, ProblemHttpResult>> VersionsAsync(string name, Caller caller, ModelService service, CancellationToken cancellationToken)
    {
        var detail = await service.GetAsync(caller, name, cancellationToken);
        return detail.IsOk ? TypedResults.Ok(detail.Value.Versions) : Problems.From(detail.Error);
    }

    private static async Task<Results<Created<ModelVersionView>, ProblemHttpResult>> RegisterAsync(
        string name, [FromQuery] string? project, [FromQuery] string? file, [FromQuery] string[]? metric, [FromQuery(Name = "from_job")] long? fromJob, HttpRequest request, Caller caller, ModelService service, CancellationToken cancellationToken)
    {
        var metrics = ModelService.ParseMetrics(metric ?? []);
        if (!metrics.IsOk)
            return Problems.From(metrics.Error);
        var registration = new ModelService.Registration(project, file ?? "model", metrics.Value, fromJob);
        var result = await service.RegisterAsync(caller, name, registration, request, cancellationToken);
        return result.ToCreated(v => $"/api/v1/models/{name}/versions/{v.Version.ToString(CultureInfo.InvariantCulture)}");
    }

    private static async Task<Results<Ok<ModelVersionView>, ProblemHttpResult>> GetVersionAsync(
        string name, string version, Caller caller, ModelService service, CancellationToken cancellationToken) =>
        (await service.GetVersionAsync(caller, name, version, cancellationToken)).ToOk();

    private static async Task<Results<Ok<ModelVersionView>, ProblemHttpResult>> StageAsync(
        string name, string version, HttpRequest request, Caller caller, ModelService service, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<StageRequest>(request, options.Value.MaxRequestBytes, cancellationToken);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await service.StageAsync(caller, name, version, body.Value.Stage, cancellationToken)).ToOk();
    }

    /// <summary>Streams the file chunk by chunk; a chunk that fails verification mid-way aborts the response, so no wrong byte is ever sent as good.</summary>
    private static async Task DownloadAsync(
        string name, string version, HttpContext context, Caller caller, ModelService service, DataStore data, ILogger<ModelService> logger, CancellationToken cancellationToken)
    {
        var found = await service.DownloadAsync(caller, name, version, cancellationToken);
        if (!found.IsOk)
        {
            var (status, title) = Problems.StatusOf(found.Error.Kind);
            await Problems.WriteAsync(context, status, title, found.Error.Message);
            return;
        }

        var (record, file) = found.Value;
        byte[] first;
        try
        {
            first = await data.Chunks.GetChunkAsync(file.Chunks[0], cancellationToken);
        }
        catch (Exception e) when (e is ChunkCorruptedException or ChunkMissingException or MasterKeyMissingException)
        {
            Log.ChunkUnreadable(logger, file.Chunks[0], $"model {name}@{record.Version}", e.Message);
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Stored data unreadable", $"model {name}@{record.Version} cannot be read from the blob store: {e.Message}");
            return;
        }

        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = record.SizeBytes;
        response.Headers["X-Gantry-Sha256"] = record.Sha256;
        response.Headers.ContentDisposition = $"attachment; filename=\"{record.FileName}\"";
        await response.Body.WriteAsync(first, cancellationToken);
        foreach (var hash in file.Chunks.Skip(1))
        {
            byte[] chunk;
            try
            {
                chunk = await data.Chunks.GetChunkAsync(hash, cancellationToken);
            }
            catch (Exception e) when (e is ChunkCorruptedException or ChunkMissingException or MasterKeyMissingException)
            {
                Log.ChunkUnreadable(logger, hash, $"model {name}@{record.Version}", e.Message);
                context.Abort();
                return;
            }

            await response.Body.WriteAsync(chunk, cancellationToken);
        }
    }

    private static async Task<Results<Ok<UploadView>, ProblemHttpResult>> UploadAsync(
        string name, string? project, HttpRequest request, Caller caller, UploadService uploads, DataStore data, CancellationToken cancellationToken)
    {
        var text = await RequestBody.ReadTextAsync(request, data.Options.MaxManifestBytes, cancellationToken);
        if (!text.IsOk)
            return Problems.From(text.Error);
        return (await uploads.CreateAsync(caller, UploadService.ModelKind, name, project, text.Value, cancellationToken)).ToOk();
    }

    private static async Task<Results<Created<ModelVersionView>, ProblemHttpResult>> CommitAsync(
        string name, string id, HttpRequest request, Caller caller, ModelService service, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var body = new CommitModelRequest();
        if (request.ContentLength is null or > 0)
        {
            var text = await RequestBody.ReadTextAsync(request, options.Value.MaxRequestBytes, cancellationToken);
            if (text.IsOk)
            {
                var parsed = RequestBody.ParseJson<CommitModelRequest>(text.Value);
                if (!parsed.IsOk)
                    return Problems.From(parsed.Error);
                body = parsed.Value;
            }
            else if (text.Error.Kind != ErrorKind.Invalid)
            {
                return Problems.From(text.Error);
            }
        }

        var (result, missing) = await service.CommitUploadAsync(caller, name, id, body, cancellationToken);
        if (!result.IsOk)
            return DataProblems.From(result.Error, missing);
        return TypedResults.Created($"/api/v1/models/{name}/versions/{result.Value.Version.ToString(CultureInfo.InvariantCulture)}", result.Value);
    }
}
