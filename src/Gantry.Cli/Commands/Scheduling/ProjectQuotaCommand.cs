using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Infrastructure;
using Gantry.Core.Api;

namespace Gantry.Cli.Commands.Scheduling;

/// <summary><c>gantry project quota PROJECT</c>: guaranteed share, limit, cohort and fair-share weight.</summary>
internal static class ProjectQuotaCommand
{
    public static Command Create(CommandBinder binder)
    {
        var project = new Argument<string>("PROJECT") { Description = "Project name" };
        var gpus = new Option<double?>("--gpus") { Description = "GPUs guaranteed to the project" };
        var cpus = new Option<double?>("--cpus") { Description = "CPUs guaranteed" };
        var memory = new Option<string?>("--memory") { Description = "Memory guaranteed, e.g. 512Gi" };
        var limitGpus = new Option<double?>("--limit-gpus") { Description = "Most GPUs it may hold, borrowing included" };
        var limitCpus = new Option<double?>("--limit-cpus") { Description = "Most CPUs it may hold" };
        var limitMemory = new Option<string?>("--limit-memory") { Description = "Most memory it may hold" };
        var cohort = new Option<string?>("--cohort") { Description = "Projects in one cohort lend each other idle quota" };
        var weight = new Option<double?>("--weight") { Description = "Fair-share weight (default 1)" };
        var json = CommandBinder.JsonOption();
        var command = new Command("quota", "Set a project's quota (admin); every flag not given is cleared")
        {
            project, gpus, cpus, memory, limitGpus, limitCpus, limitMemory, cohort, weight, json,
        };
        return binder.Bind(command, async context =>
        {
            var hasLimit = context.Value(limitGpus) is not null || context.Value(limitCpus) is not null || context.Value(limitMemory) is not null;
            var request = new SetQuotaRequest(
                new ResourceAmounts(context.Value(gpus), context.Value(cpus), context.Value(memory)),
                hasLimit ? new ResourceAmounts(context.Value(limitGpus), context.Value(limitCpus), context.Value(limitMemory)) : null,
                context.Value(cohort),
                context.Value(weight));
            var result = await context.Client.SetQuotaAsync(context.Value(project)!, request, context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(result);
                return ExitCodes.Ok;
            }

            var q = result.Quota;
            await context.WriteLineAsync(q is null
                ? $"project {result.Name} has no quota: no guarantee, no limit, weight 1"
                : $"project {result.Name}: guaranteed {Amounts(q.Guaranteed)}; limit {(q.Limit is null ? "none" : Amounts(q.Limit))}; cohort {q.Cohort ?? "none"}; weight {q.Weight.ToString(CultureInfo.InvariantCulture)}");
            return ExitCodes.Ok;
        });
    }

    private static string Amounts(ResourceAmounts a) =>
        string.Join(", ", new[]
        {
            a.Gpus is { } g ? $"{g.ToString(CultureInfo.InvariantCulture)} GPUs" : null,
            a.Cpus is { } c ? $"{c.ToString(CultureInfo.InvariantCulture)} CPUs" : null,
            a.Memory is { } m ? m + " memory" : null,
        }.Where(x => x is not null));
}
