using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Core;
using Gantry.Planning;
using Gantry.Server.Planning;
using Spectre.Console.Rendering;

namespace Gantry.Cli.Commands.Planning;

/// <summary>
/// What the <c>gantry plan</c> verbs share: the planner over the built-in catalogs and <c>--catalog</c>, and one
/// way to print a plan (its JSON, or a summary) or its error.
/// </summary>
internal static class PlanRunner
{
    /// <summary>The planner over the built-in catalogs, with the user's <c>--catalog</c> YAML merged over them.</summary>
    public static Planner PlannerFor(CommandContext context, Option<string?> catalog)
    {
        if (context.Value(catalog) is not { } path)
            return Planner.Default;
        var loaded = PlanningCatalogFile.Load(path, context.Environment.WorkingDirectory);
        return loaded.IsOk ? new Planner(loaded.Value) : throw new CliException(loaded.Error.Message);
    }

    /// <summary>Prints the plan (<c>--json</c>: exactly its JSON) and exits 0, or its error and exits 1.</summary>
    public static async Task<int> FinishAsync<T>(CommandContext context, Outcome<T> plan, bool json, Func<T, IEnumerable<IRenderable>> summary)
    {
        if (!plan.IsOk)
            throw new CliException(plan.Error.Message);
        if (json)
        {
            await context.WriteJsonAsync(plan.Value);
            return ExitCodes.Ok;
        }

        var first = true;
        foreach (var section in summary(plan.Value))
        {
            if (!first)
                await context.WriteLineAsync("");
            await context.WriteAsync(section);
            first = false;
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// An option for a number people write with a suffix (7B, 2T, 300B, 70e9), read as text: the planner parses it
    /// and says what is wrong, and a leading minus stays a value, not a flag.
    /// </summary>
    public static Option<string?> CountOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
    };
}
