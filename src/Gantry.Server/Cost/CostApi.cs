using Gantry.Core;
using Gantry.Core.Api.Cost;
using Gantry.Server.Api;
using Gantry.Server.Auth;
using Gantry.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gantry.Server.Cost;

/// <summary>Prices, cost reports, budget alerts, and budgets per project.</summary>
internal static class CostApi
{
    public static IEndpointRouteBuilder MapCostApi(this IEndpointRouteBuilder routes)
    {
        var cost = routes.MapGroup("/api/v1/cost").WithTags("Cost");
        cost.MapGet("/prices", (PriceBook prices) => TypedResults.Ok(prices.View()))
            .WithName("CostPrices").WithSummary("The rates in force on every node, with their sources and derivation");
        cost.MapGet("/report", ReportAsync).WithName("CostReport")
            .WithSummary("Costs by project, user, job, pool or deployment (with cost per prediction) in a window (JSON or CSV), with idle cost and efficiency for admins");
        cost.MapGet("/alerts", AlertsAsync).WithName("CostAlerts").WithSummary("Budget thresholds crossed, newest first, in the caller's projects");

        var budgets = routes.MapGroup("/api/v1/projects/{project}/budget").WithTags("Cost");
        budgets.MapPut("/", SetBudgetAsync).WithName("SetBudget").WithSummary("Set a project's monthly budget, alert thresholds and hard stop (project admin)")
            .Accepts<BudgetRequest>("application/json");
        budgets.MapGet("/", GetBudgetAsync).WithName("GetBudget").WithSummary("A project's budget with its spend this month");
        budgets.MapDelete("/", RemoveBudgetAsync).WithName("RemoveBudget").WithSummary("Remove a project's budget (project admin)");
        return routes;
    }

    private static async Task<Results<Ok<CostReport>, ContentHttpResult, ProblemHttpResult>> ReportAsync(
        string? by, string? since, string? until, string? format, string? project,
        Caller caller, CostService costs, TimeProvider time, CancellationToken cancellationToken)
    {
        var grouping = CostWindow.ParseBy(by);
        if (!grouping.IsOk)
            return Problems.From(grouping.Error);
        var now = time.GetUtcNow();
        var window = CostWindow.Parse(since, until, now);
        if (!window.IsOk)
            return Problems.From(window.Error);
        var csv = (format ?? "json").Trim().ToLowerInvariant() switch
        {
            "json" => (bool?)false,
            "csv" => true,
            _ => null,
        };
        if (csv is null)
            return Problems.From(GantryError.Invalid($"format '{format}' is not one of json, csv"));
        var report = await costs.ReportAsync(caller, grouping.Value, window.Value.FromMs, window.Value.ToMs, now.ToUnixTimeMilliseconds(), project, cancellationToken);
        if (!report.IsOk)
            return Problems.From(report.Error);
        return csv.Value ? TypedResults.Text(CostCsv.Write(report.Value), "text/csv; charset=utf-8") : TypedResults.Ok(report.Value);
    }

    private static async Task<Results<Ok<IReadOnlyList<BudgetAlertView>>, ProblemHttpResult>> AlertsAsync(
        string? project, string? since, int? limit, Caller caller, BudgetService budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        long? sinceMs = null;
        if (since is not null)
        {
            var window = CostWindow.Parse(since, null, time.GetUtcNow());
            if (!window.IsOk)
                return Problems.From(window.Error);
            sinceMs = window.Value.FromMs;
        }

        var size = limit ?? 100;
        if (size is < 1 or > 1000)
            return Problems.From(GantryError.Invalid("limit must be between 1 and 1000"));
        return (await budgets.AlertsAsync(caller, project, sinceMs, size, cancellationToken)).ToOk();
    }

    private static async Task<Results<Ok<BudgetView>, ProblemHttpResult>> SetBudgetAsync(
        string project, HttpRequest request, Caller caller, BudgetService budgets, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<BudgetRequest>(request, options.Value.MaxRequestBytes, cancellationToken);
        if (!body.IsOk)
            return Problems.From(body.Error);
        return (await budgets.SetAsync(caller, project, body.Value, cancellationToken)).ToOk();
    }

    private static async Task<Results<Ok<BudgetView>, ProblemHttpResult>> GetBudgetAsync(
        string project, Caller caller, BudgetService budgets, CancellationToken cancellationToken) =>
        (await budgets.GetAsync(caller, project, cancellationToken)).ToOk();

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveBudgetAsync(
        string project, Caller caller, BudgetService budgets, CancellationToken cancellationToken)
    {
        var removed = await budgets.RemoveAsync(caller, project, cancellationToken);
        return removed.IsOk ? TypedResults.NoContent() : Problems.From(removed.Error);
    }
}
