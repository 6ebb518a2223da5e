using System.CommandLine;
using System.CommandLine.Parsing;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli;

/// <summary>The <c>gantry</c> command line, runnable in-process: parse, run, return the exit code.</summary>
public static class CliApp
{
    /// <summary>Runs one <c>gantry</c> command line and returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args, CliEnvironment environment) =>
        RunAsync(args, environment, CancellationToken.None);

    /// <summary>Runs one <c>gantry</c> command line until it ends or <paramref name="cancellationToken"/> fires.</summary>
    /// <returns>0 success, 1 failure, 2 usage error, 3 a wait timed out, 130 interrupted.</returns>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var root = RootCommandFactory.Create(environment);

        // No response files: "@body.json" in a job's command (curl -d @body.json) must reach the job as typed.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await environment.Error.WriteLineAsync("error: " + ParseErrorText.Humanize(error.Message));
            await environment.Error.WriteLineAsync($"Run '{CommandPath(parse.CommandResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Output,
            Error = environment.Error,

            // Commands report their own errors (CommandBinder); signals are the host's (Program.cs).
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        var code = await parse.InvokeAsync(invocation, cancellationToken);
        await environment.Output.FlushAsync(CancellationToken.None);
        await environment.Error.FlushAsync(CancellationToken.None);
        return code;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult command; r = command.Parent)
            names.Add(command.Parent is null ? "gantry" : command.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
