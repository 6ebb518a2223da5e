using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Infrastructure;
using Gantry.Client;
using Gantry.Core.Api.Cost;

namespace Gantry.Cli.Commands.Cost;

/// <summary><c>gantry cost report|prices|alerts|budget</c>.</summary>
internal static class CostCommands
{
    public static Command Create(CommandBinder binder) => new("cost", "What GPUs, CPUs and memory cost: reports, prices, budgets and alerts")
    {
        Report(binder),
        Prices(binder),
        Alerts(binder),
        BudgetCommands.Create(binder),
    };

    private static Command Report(CommandBinder binder)
    {
        var by = new Option<string>("--by") { Description = "Group by project, user, job, pool or deployment (with cost per prediction)", DefaultValueFactory = _ => "project" };
        var since = new Option<string>("--since") { Description = "From this time (ISO-8601), this long ago (30d) or 'month'", HelpName = "TIME", DefaultValueFactory = _ => "30d" };
        var until = new Option<string?>("--until") { Description = "Up to this time (ISO-8601) or this long ago; now by default", HelpName = "TIME" };
        var project = new Option<string?>("--project") { Description = "Only this project" };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        var json = CommandBinder.JsonOption();
        var command = new Command("report", "Costs by project, user, job, pool or deployment, with idle cost, efficiency and cost per prediction") { by, since, until, project, format, json };
        return binder.Bind(command, async context =>
        {
            var chosen = context.Value(json) ? "json" : (context.Value(format) ?? "table").Trim().ToLowerInvariant();
            if (chosen is not ("table" or "csv" or "json"))
                throw CliException.Usage($"--format '{context.Value(format)}' is not one of table, csv, json");
            var grouping = (context.Value(by) ?? "project").Trim().ToLowerInvariant();
            if (grouping is not ("project" or "user" or "job" or "pool" or "deployment"))
                throw CliException.Usage($"--by '{context.Value(by)}' is not one of project, user, job, pool, deployment");
            var query = new CostReportQuery { By = grouping, Since = context.Value(since), Until = context.Value(until), Project = context.Value(project) };
            if (chosen == "csv")
            {
                await context.Environment.Output.WriteAsync((await context.Client.GetCostReportCsvAsync(query, context.CancellationToken)).AsMemory(), context.CancellationToken);
                await context.Environment.Output.FlushAsync(context.CancellationToken);
                return ExitCodes.Ok;
            }

            var report = await context.Client.GetCostReportAsync(query, context.CancellationToken);
            if (chosen == "json")
            {
                await context.WriteJsonAsync(report);
                return ExitCodes.Ok;
            }

            if (report.Rows.Count == 0)
                await context.NoteAsync("no allocations in this window");
            else
                await context.WriteAsync(CostTables.Report(report));
            foreach (var line in CostTables.Summary(report))
                await context.WriteLineAsync(line);
            return ExitCodes.Ok;
        });
    }

    private static Command Prices(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("prices", "The rates in force on every node, where each comes from, and how owned nodes were priced") { json };
        return binder.Bind(command, async context =>
        {
            var prices = await context.Client.GetCostPricesAsync(context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(prices);
                return ExitCodes.Ok;
            }

            await context.WriteAsync(CostTables.Prices(prices));
            foreach (var node in prices.Nodes.Where(n => n.Derivation.Count > 0))
            {
                await context.WriteLineAsync(string.Empty);
                await context.WriteLineAsync($"{node.Node} ({node.Kind}), derivation:");
                foreach (var line in node.Derivation)
                    await context.WriteLineAsync("  " + line);
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Alerts(CommandBinder binder)
    {
        var project = new Option<string?>("--project") { Description = "Only this project" };
        var since = new Option<string?>("--since") { Description = "From this time (ISO-8601), this long ago (30d) or 'month'", HelpName = "TIME" };
        var json = CommandBinder.JsonOption();
        var command = new Command("alerts", "Budget thresholds crossed, newest first") { project, since, json };
        return binder.Bind(command, async context =>
        {
            var alerts = await context.Client.ListCostAlertsAsync(context.Value(project), context.Value(since), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(alerts);
            else if (alerts.Count == 0)
                await context.NoteAsync("no budget alerts");
            else
                await context.WriteAsync(CostTables.Alerts(alerts));
            return ExitCodes.Ok;
        });
    }

    /// <summary>"0.5,0.8,1" or "50%,80%,100%".</summary>
    internal static IReadOnlyList<double> ParseThresholds(string text)
    {
        var result = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var percent = part.EndsWith('%');
            var number = percent ? part[..^1] : part;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw CliException.Usage($"--alerts: '{part}' is not a number; write fractions like 0.5,0.8,1 or percentages like 50%,80%,100%");
            result.Add(percent ? value / 100 : value);
        }

        return result.Count > 0 ? result : throw CliException.Usage("--alerts needs at least one threshold");
    }

    internal static BudgetRequest Request(double monthly, string? alerts, bool hardStop) =>
        new(monthly, alerts is null ? null : ParseThresholds(alerts), hardStop);
}
