using Gantry.Server.Jobs;

namespace Gantry.Server.Api;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().WithTags("Health")
            .WithName("Healthz").WithSummary("The process is up");
        routes.MapGet("/readyz", (JobSupervisor supervisor) => supervisor.IsReady
                ? Results.Text("ready")
                : Results.Text("starting: reconciling jobs", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous().WithTags("Health").WithName("Readyz").WithSummary("The server has reconciled its jobs and is scheduling");
        return routes;
    }
}
