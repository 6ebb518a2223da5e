using Gantry.Core.Api.Serving;
using Gantry.Server.Auth;
using Gantry.Server.Cost;
using Gantry.Server.Hosting;
using Gantry.Server.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Api;

/// <summary><c>/api/v1/deployments</c>: deploy a registered ONNX model version, list, show, scale, update (rolling), delete.</summary>
internal static class DeploymentsApi
{
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder routes)
    {
        var deployments = routes.MapGroup("/api/v1/deployments").WithTags("Deployments");
        deployments.MapPost("/", CreateAsync).WithName("CreateDeployment")
            .WithSummary("Deploy a registered ONNX model version (member); ready after its replicas warm up").Accepts<CreateDeploymentRequest>("application/json");
        deployments.MapGet("/", ListAsync).WithName("ListDeployments").WithSummary("Deployments in the caller's projects, with live status");
        deployments.MapGet("/{name}", GetAsync).WithName("GetDeployment").WithSummary("One deployment, with live status, replicas and queue");
        deployments.MapPut("/{name}/scale", ScaleAsync).WithName("ScaleDeployment")
            .WithSummary("Set replicas, or the autoscaler's min and max (member)").Accepts<ScaleDeploymentRequest>("application/json");
        deployments.MapPatch("/{name}", UpdateAsync).WithName("UpdateDeployment")
            .WithSummary("Change the model version or settings: a rolling swap, the new model warmed before the old stops (member)").Accepts<UpdateDeploymentRequest>("application/json");
        deployments.MapGet("/{name}/stats", StatsAsync).WithName("DeploymentStats")
            .WithSummary("Throughput, latency p50/p99 and failures per hour, replicas over time, cost and cost per prediction (since=6h by default)");
        deployments.MapDelete("/{name}", DeleteAsync).WithName("DeleteDeployment").WithSummary("Stop and remove a deployment; its scoped tokens are revoked (member)");
        return routes;
    }

    private static async Task<Results<Created<DeploymentView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, Caller caller, DeploymentService service, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CreateDeploymentRequest>(request, options.Value.MaxRequestBytes, cancellationToken);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await service.CreateAsync(caller, body.Value, cancellationToken)).ToCreated(d => "/api/v1/deployments/" + d.Name);
    }

    private static async Task<Ok<IReadOnlyList<DeploymentView>>> ListAsync(Caller caller, DeploymentService service, string? project, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(caller, project, cancellationToken));

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> GetAsync(string name, Caller caller, DeploymentService service, CancellationToken cancellationToken) =>
        (await service.GetAsync(caller, name, cancellationToken)).ToOk();

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> ScaleAsync(
        string name, HttpRequest request, Caller caller, DeploymentService service, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ScaleDeploymentRequest>(request, options.Value.MaxRequestBytes, cancellationToken);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await service.ScaleAsync(caller, name, body.Value, cancellationToken)).ToOk();
    }

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> UpdateAsync(
        string name, HttpRequest request, Caller caller, DeploymentService service, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<UpdateDeploymentRequest>(request, options.Value.MaxRequestBytes, cancellationToken);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await service.UpdateAsync(caller, name, body.Value, cancellationToken)).ToOk();
    }

    private static async Task<Results<Ok<DeploymentStatsView>, ProblemHttpResult>> StatsAsync(
        string name, string? since, Caller caller, DeploymentStats stats, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = CostWindow.Parse(since ?? "6h", null, now);
        if (!window.IsOk)
            return Problems.From(window.Error);
        return (await stats.GetAsync(caller, name, window.Value.FromMs, now.ToUnixTimeMilliseconds(), cancellationToken)).ToOk();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, Caller caller, DeploymentService service, CancellationToken cancellationToken)
    {
        var deleted = await service.DeleteAsync(caller, name, cancellationToken);
        return deleted.IsOk ? TypedResults.NoContent() : Problems.From(deleted.Error);
    }
}
