using System.Globalization;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Planning;
using Gantry.Planning.Plans;
using Gantry.Server.Hosting;
using Gantry.Server.Planning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Api;

/// <summary>
/// The planner over HTTP: pure computations on the server's catalog (built-in plus <c>Planning:CatalogPath</c>),
/// open to any token. Bad input is a 400 whose detail is the planner's sentence. Also the two measurements
/// <c>gantry assess</c> asks the server for: GPU allocation history and a download to time.
/// </summary>
internal static class PlanningApi
{
    private const int MaxHistoryDays = 366;

    public static IEndpointRouteBuilder MapPlanningApi(this IEndpointRouteBuilder routes)
    {
        // Build the planner now, so a bad catalog file stops start-up instead of failing the first request.
        _ = routes.ServiceProvider.GetRequiredService<Planner>();

        var plans = routes.MapGroup("/api/v1/plans").WithTags("Planning");
        plans.MapPost("/train", TrainAsync).WithName("PlanTrain")
            .WithSummary("Size a pre-training run: FLOPs, GPU-hours, wall-clock, memory per GPU, fewest GPUs, storage, energy, cost")
            .Accepts<TrainPlanInput>("application/json");
        plans.MapPost("/finetune", FinetuneAsync).WithName("PlanFinetune")
            .WithSummary("Size a full, LoRA or QLoRA fine-tune: memory per GPU, fewest GPUs and, with tokens, time and cost")
            .Accepts<FinetunePlanInput>("application/json");
        plans.MapPost("/serve", ServeAsync).WithName("PlanServe")
            .WithSummary("Size inference: weights, KV cache, GPUs for a load, decode bound, price per million tokens")
            .Accepts<ServePlanInput>("application/json");
        plans.MapPost("/tco", TcoAsync).WithName("PlanTco")
            .WithSummary("Total cost of ownership: on-premises, cloud on-demand, reserved, spot and hybrid, and the break-even utilisation")
            .Accepts<TcoPlanInput>("application/json");
        plans.MapGet("/catalog", Catalog).WithName("PlanningCatalog")
            .WithSummary("The GPUs, models, prices and defaults the planner knows, with dates and sources");

        var assess = routes.MapGroup("/api/v1/assess").WithTags("Planning");
        assess.MapGet("/history", HistoryAsync).WithName("AssessHistory")
            .WithSummary("GPU allocation over the last days from job records, idle cost and right-sizing advice");
        assess.MapGet("/blob", Blob).WithName("AssessBlob")
            .WithSummary("N pseudo-random bytes (at most 1 GiB) for timing a download from the server");
        return routes;
    }

    private static Task<Results<Ok<TrainPlan>, ProblemHttpResult>> TrainAsync(
        HttpRequest request, Planner planner, IOptions<ServerOptions> options, CancellationToken cancellationToken) =>
        PlanAsync<TrainPlanInput, TrainPlan>(request, options.Value, planner.Train, cancellationToken);

    private static Task<Results<Ok<FinetunePlan>, ProblemHttpResult>> FinetuneAsync(
        HttpRequest request, Planner planner, IOptions<ServerOptions> options, CancellationToken cancellationToken) =>
        PlanAsync<FinetunePlanInput, FinetunePlan>(request, options.Value, planner.Finetune, cancellationToken);

    private static Task<Results<Ok<ServePlan>, ProblemHttpResult>> ServeAsync(
        HttpRequest request, Planner planner, IOptions<ServerOptions> options, CancellationToken cancellationToken) =>
        PlanAsync<ServePlanInput, ServePlan>(request, options.Value, planner.Serve, cancellationToken);

    private static Task<Results<Ok<TcoPlan>, ProblemHttpResult>> TcoAsync(
        HttpRequest request, Planner planner, IOptions<ServerOptions> options, CancellationToken cancellationToken) =>
        PlanAsync<TcoPlanInput, TcoPlan>(request, options.Value, planner.Tco, cancellationToken);

    private static Ok<PlanningCatalogView> Catalog(Planner planner) => TypedResults.Ok(PlanningCatalogView.From(planner.Catalog));

    private static async Task<Results<Ok<AllocationHistoryView>, ProblemHttpResult>> HistoryAsync(
        string? days, AllocationHistoryService history, CancellationToken cancellationToken)
    {
        var window = 30;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window is < 1 or > MaxHistoryDays))
            return Problems.From(GantryError.Invalid($"days must be a whole number from 1 to {MaxHistoryDays} (got '{days}')"));
        return TypedResults.Ok(await history.MeasureAsync(window, cancellationToken));
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> Blob(string? bytes, HttpContext context)
    {
        var size = AssessBlob.ParseSize(bytes);
        if (!size.IsOk)
            return Problems.From(size.Error);
        context.Response.ContentLength = size.Value;
        return TypedResults.Stream(body => AssessBlob.WriteAsync(body, size.Value, context.RequestAborted), "application/octet-stream");
    }

    private static async Task<Results<Ok<TPlan>, ProblemHttpResult>> PlanAsync<TInput, TPlan>(
        HttpRequest request, ServerOptions options, Func<TInput, Outcome<TPlan>> plan, CancellationToken cancellationToken)
    {
        var input = await RequestBody.ReadJsonAsync<TInput>(request, options.MaxRequestBytes, cancellationToken);
        return input.IsOk ? plan(input.Value).ToOk() : Problems.From(input.Error);
    }
}
