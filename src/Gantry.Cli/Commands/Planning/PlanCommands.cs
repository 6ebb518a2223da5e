using System.CommandLine;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli.Commands.Planning;

/// <summary><c>gantry plan train|finetune|serve|tco</c>: the planner, computed here with no server, so it works before a cluster exists.</summary>
internal static class PlanCommands
{
    public static Command Create(CommandBinder binder)
    {
        var catalog = new Option<string?>("--catalog")
        {
            Description = "Your catalog YAML (GPUs, models, prices, defaults), merged by name over the built-in one",
            HelpName = "FILE",
            Recursive = true,
        };
        return new Command("plan", "Size a workload and what it costs (computed locally; every assumption listed)")
        {
            catalog,
            PlanTrainCommand.Create(binder, catalog),
            PlanFinetuneCommand.Create(binder, catalog),
            PlanServeCommand.Create(binder, catalog),
            PlanTcoCommand.Create(binder, catalog),
        };
    }

    /// <summary>Parses an enum option written in lower case (lora, selective, bf16); the option restricts the values.</summary>
    internal static T? Parse<T>(string? text)
        where T : struct, System.Enum =>
        text is null ? null : System.Enum.Parse<T>(text, ignoreCase: true);

    /// <summary>Restricts <paramref name="option"/> to the enum's names in lower case and lists them in the help.</summary>
    internal static Option<string?> Choice<T>(Option<string?> option)
        where T : struct, System.Enum
    {
        var names = System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        option.AcceptOnlyFromAmong(names);
        option.HelpName = string.Join('|', names);
        return option;
    }
}
