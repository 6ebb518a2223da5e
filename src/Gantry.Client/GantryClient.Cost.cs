using Gantry.Core.Api.Cost;

namespace Gantry.Client;

public sealed partial class GantryClient
{
    /// <summary>Costs grouped by project, user, job or pool, with idle cost and efficiency for admins.</summary>
    public Task<CostReport> GetCostReportAsync(CostReportQuery? query = null, CancellationToken cancellationToken = default) =>
        GetAsync<CostReport>(CostReportPath(query, "json"), cancellationToken);

    /// <summary>The same report as CSV text, with a header line.</summary>
    public Task<string> GetCostReportCsvAsync(CostReportQuery? query = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, CostReportPath(query, "csv"), null, ReadTextAsync, RequestTimeout, cancellationToken);

    /// <summary>The rates in force on every node, with their sources.</summary>
    public Task<PricesView> GetCostPricesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<PricesView>("api/v1/cost/prices", cancellationToken);

    /// <summary>Budget thresholds crossed in the caller's projects, newest first.</summary>
    public Task<IReadOnlyList<BudgetAlertView>> ListCostAlertsAsync(string? project = null, string? since = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<BudgetAlertView>>(new QueryString("api/v1/cost/alerts").Add("project", project).Add("since", since).ToString(), cancellationToken);

    /// <summary>Sets a project's monthly budget (project admin).</summary>
    public Task<BudgetView> SetBudgetAsync(string project, BudgetRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<BudgetView>(HttpMethod.Put, BudgetPath(project), request, cancellationToken);

    /// <summary>A project's budget with its spend this month.</summary>
    public Task<BudgetView> GetBudgetAsync(string project, CancellationToken cancellationToken = default) =>
        GetAsync<BudgetView>(BudgetPath(project), cancellationToken);

    public Task RemoveBudgetAsync(string project, CancellationToken cancellationToken = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, BudgetPath(project), cancellationToken);

    private static string CostReportPath(CostReportQuery? query, string format)
    {
        query ??= new CostReportQuery();
        return new QueryString("api/v1/cost/report")
            .Add("by", query.By)
            .Add("since", query.Since)
            .Add("until", query.Until)
            .Add("project", query.Project)
            .Add("format", format)
            .ToString();
    }

    private static string BudgetPath(string project) => $"api/v1/projects/{Uri.EscapeDataString(project)}/budget";
}
