using Gantry.Server.Jobs;
using Gantry.Server.Leadership;

namespace Gantry.Server.Api;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().WithTags("Health")
            .WithName("Healthz").WithSummary("The process is up");
        // A follower serves the API as soon as it runs; the leader once it has reconciled the jobs it took over.
        routes.MapGet("/readyz", (JobSupervisor supervisor, LeaderElection leadership, HttpContext http) =>
            {
                http.Response.Headers["X-Gantry-Role"] = leadership.IsLeader ? "leader" : "follower";
                return supervisor.IsReady || !leadership.IsLeader
                    ? Results.Text("ready")
                    : Results.Text("starting: reconciling jobs", statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous().WithTags("Health").WithName("Readyz")
            .WithSummary("The server answers the API (and, when it leads, has reconciled its jobs); X-Gantry-Role says leader or follower");
        return routes;
    }
}
