using System.CommandLine;
using Gantry.Client;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// What every command shares: the environment, the global <c>--addr</c>/<c>--token</c> options, and
/// one way of running a handler so that errors print as <c>error: …</c> with the right exit code.
/// </summary>
internal sealed class CommandBinder(CliEnvironment environment)
{
    public CliEnvironment Environment { get; } = environment;

    public Option<string?> Address { get; } = new("--addr")
    {
        Description = "Server address [env: GANTRY_ADDR; default: the login config, else http://127.0.0.1:8080]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token [env: GANTRY_TOKEN; default: the login config, else ./.gantry/admin.token]",
        HelpName = "TOKEN",
        Recursive = true,
    };

    /// <summary>A fresh <c>--json</c> option for a command whose output is data.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table" };

    /// <summary>Makes <paramref name="handler"/> the command's action.</summary>
    public Command Bind(Command command, Func<CommandContext, Task<int>> handler)
    {
        command.SetAction((parse, cancellationToken) => RunAsync(new CommandContext(this, parse, cancellationToken), handler));
        return command;
    }

    private async Task<int> RunAsync(CommandContext context, Func<CommandContext, Task<int>> handler)
    {
        try
        {
            return await handler(context);
        }
        catch (CliException ex)
        {
            return await FailAsync(ex.Message, ex.ExitCode);
        }
        catch (GantryApiException ex)
        {
            return await FailAsync(ex.Detail, ExitCodes.Failure);
        }
        catch (GantryConnectionException ex)
        {
            return await FailAsync(ex.Message, ExitCodes.Failure);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return await FailAsync("interrupted", ExitCodes.Interrupted);
        }
        finally
        {
            context.Dispose();
        }
    }

    private async Task<int> FailAsync(string message, int code)
    {
        await Environment.Error.WriteLineAsync("error: " + message);
        return code;
    }
}
