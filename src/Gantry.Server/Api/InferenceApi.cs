using Gantry.Server.Serving;

namespace Gantry.Server.Api;

/// <summary>
/// The Open Inference Protocol (KServe V2) REST endpoints under <c>/v2</c>. Health needs no token; model metadata,
/// readiness and inference need one allowed on the deployment (see docs/serving.md). Errors are <c>{"error": "..."}</c>.
/// </summary>
internal static class InferenceApi
{
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder routes)
    {
        var handler = routes.ServiceProvider.GetRequiredService<InferenceHandler>();
        var v2 = routes.MapGroup("/v2").WithTags("Inference");
        v2.MapGet("/health/live", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }).AllowAnonymous().WithName("OipLive").WithSummary("The server is alive (200)");
        v2.MapGet("/health/ready", handler.ServerReadyAsync).AllowAnonymous().WithName("OipReady")
            .WithSummary("Every deployment that should serve has a ready replica (200), else 400");
        v2.MapGet("", InferenceHandler.ServerMetadataAsync).AllowAnonymous().WithName("OipServerMetadata")
            .WithSummary("Server name, version and protocol extensions");
        foreach (var prefix in new[] { "/models/{name}", "/models/{name}/versions/{version}" })
        {
            var versioned = prefix.Contains("{version}", StringComparison.Ordinal) ? "Version" : "";
            v2.MapGet(prefix, handler.MetadataAsync).WithName("OipModelMetadata" + versioned)
                .WithSummary("Model metadata: name, versions, platform, inputs and outputs with datatype and shape");
            v2.MapGet(prefix + "/ready", handler.ReadyAsync).WithName("OipModelReady" + versioned)
                .WithSummary("200 when the deployment has a ready replica, else 400 with the reason");
            v2.MapPost(prefix + "/infer", handler.InferAsync).WithName("OipInfer" + versioned)
                .WithSummary("Run inference: JSON tensors or the binary tensor data extension; header Gantry-Deadline-Ms sets a deadline");
        }

        return routes;
    }
}
