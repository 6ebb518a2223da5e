using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Api.Cost;

namespace Gantry.Cli.Commands.Cost;

/// <summary><c>gantry cost budget set|show|rm</c>.</summary>
internal static class BudgetCommands
{
    public static Command Create(CommandBinder binder) => new("budget", "A project's monthly budget, alerts and hard stop")
    {
        Set(binder),
        Show(binder),
        Remove(binder),
    };

    private static Command Set(CommandBinder binder)
    {
        var project = new Argument<string>("PROJECT") { Description = "Project name" };
        var monthly = new Option<double>("--monthly") { Description = "Monthly budget in USD", Required = true, HelpName = "USD" };
        var alerts = new Option<string?>("--alerts") { Description = "Alert thresholds as fractions of the budget [default: 0.5,0.8,1]", HelpName = "LIST" };
        var hardStop = new Option<bool>("--hard-stop") { Description = "Refuse new jobs once the month's spend reaches the budget" };
        var json = CommandBinder.JsonOption();
        var command = new Command("set", "Set a project's monthly budget (project admin)") { project, monthly, alerts, hardStop, json };
        return binder.Bind(command, async context =>
        {
            var request = CostCommands.Request(context.Value(monthly), context.Value(alerts), context.Value(hardStop));
            var budget = await context.Client.SetBudgetAsync(context.Value(project)!, request, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(budget);
            else
                await WriteAsync(context, budget);
            return ExitCodes.Ok;
        });
    }

    private static Command Show(CommandBinder binder)
    {
        var project = new Argument<string>("PROJECT") { Description = "Project name" };
        var json = CommandBinder.JsonOption();
        var command = new Command("show", "A project's budget and its spend this month") { project, json };
        command.Aliases.Add("get");
        return binder.Bind(command, async context =>
        {
            var budget = await context.Client.GetBudgetAsync(context.Value(project)!, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(budget);
            else
                await WriteAsync(context, budget);
            return ExitCodes.Ok;
        });
    }

    private static Command Remove(CommandBinder binder)
    {
        var project = new Argument<string>("PROJECT") { Description = "Project name" };
        var command = new Command("rm", "Remove a project's budget (project admin)") { project };
        command.Aliases.Add("remove");
        return binder.Bind(command, async context =>
        {
            await context.Client.RemoveBudgetAsync(context.Value(project)!, context.CancellationToken);
            await context.WriteLineAsync($"removed the budget of {context.Value(project)}");
            return ExitCodes.Ok;
        });
    }

    private static async Task WriteAsync(CommandContext context, BudgetView budget)
    {
        await context.WriteLineAsync($"project:      {budget.Project}");
        await context.WriteLineAsync($"budget:       ${CostText.Usd(budget.MonthlyUsd)} a month");
        await context.WriteLineAsync($"spent:        ${CostText.Usd(budget.SpentUsd)} in {budget.Month} ({CostText.Percent(budget.SpentFraction)})");
        await context.WriteLineAsync($"alerts at:    {CostText.Thresholds(budget.AlertThresholds)}");
        await context.WriteLineAsync($"hard stop:    {(budget.HardStop ? (budget.RefusingJobs ? "yes: new jobs are refused" : "yes") : "no")}");
        await context.WriteLineAsync($"updated:      {TimeText.Stamp(budget.UpdatedAt)} by {budget.UpdatedBy}");
    }
}
