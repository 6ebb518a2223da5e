using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Server.Auth;
using Gantry.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

internal static class QueueApi
{
    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/queue", List).WithTags("Jobs").WithName("Queue")
            .WithSummary("Waiting jobs in scheduler order with the reason each waits and an estimated start");
        routes.MapGet("/api/v1/jobs/{id:long}/explain", ExplainAsync).WithTags("Jobs").WithName("ExplainJob")
            .WithSummary("Why a job is pending (or where it is), in words");
        return routes;
    }

    private static Results<Ok<IReadOnlyList<QueueEntryView>>, ProblemHttpResult> List(Caller caller, QueueService queue, string? project, int? limit)
    {
        var size = limit ?? 100;
        if (size is < 1 or > 5000)
            return Problems.From(GantryError.Invalid("limit must be between 1 and 5000"));
        return TypedResults.Ok(queue.List(caller, project, size));
    }

    private static async Task<Results<Ok<ExplainView>, ProblemHttpResult>> ExplainAsync(long id, Caller caller, QueueService queue, CancellationToken ct) =>
        (await queue.ExplainAsync(caller, id, ct)).ToOk();
}
