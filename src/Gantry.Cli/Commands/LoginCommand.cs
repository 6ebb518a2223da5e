using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Client;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry login [ADDR] --token TOKEN</c>: checks the token, then saves both for later commands.</summary>
internal static class LoginCommand
{
    public static Command Create(CommandBinder binder)
    {
        var address = new Argument<string?>("ADDR") { Description = "Server address (default: --addr, GANTRY_ADDR, or http://127.0.0.1:8080)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("login", "Check a token against a server and save both for later commands") { address };
        return binder.Bind(command, async context =>
        {
            var connection = context.ResolveConnection(context.Value(address) ?? context.Value(binder.Address));
            if (connection.Token is null)
                throw CliException.Usage("gantry login needs a token: --token TOKEN (or GANTRY_TOKEN)");
            var me = await context.CreateClient(connection).WhoAmIAsync(context.CancellationToken);

            var env = context.Environment;
            var path = ClientConfigFile.PathFor(env.GetVariable, env.WorkingDirectory)
                ?? throw new CliException("cannot tell where to save the login: set HOME or GANTRY_CONFIG_DIR");
            await ClientConfigFile.SaveAsync(path, new ClientConfig(connection.AddressText, connection.Token), context.CancellationToken);
            await context.WriteLineAsync($"Logged in to {connection.AddressText} as {me.User}{(me.IsAdmin ? " (admin)" : "")}.");
            await context.NoteAsync($"Saved to {path}.");
            return ExitCodes.Ok;
        });
    }
}
