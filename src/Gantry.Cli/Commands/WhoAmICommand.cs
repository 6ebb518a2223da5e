using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Client;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry whoami</c>: who the token belongs to, where it came from, and which server.</summary>
internal static class WhoAmICommand
{
    public static Command Create(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("whoami", "Show who the token belongs to and their projects") { json };
        return binder.Bind(command, async context =>
        {
            var me = await context.Client.WhoAmIAsync(context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(me);
                return ExitCodes.Ok;
            }

            await context.WriteLineAsync($"{me.User}{(me.IsAdmin ? " (admin)" : "")}");
            await context.WriteLineAsync($"projects: {AccessTables.Memberships(me.Projects)}");
            var connection = context.Connection;
            await context.WriteLineAsync($"server: {connection.AddressText} (token from {SourceText(connection.TokenSource)})");
            return ExitCodes.Ok;
        });
    }

    private static string SourceText(ConnectionSource source) => source switch
    {
        ConnectionSource.Flag => "--token",
        ConnectionSource.Environment => "GANTRY_TOKEN",
        ConnectionSource.ConfigFile => "gantry login",
        ConnectionSource.AdminTokenFile => "the local dev server's admin.token",
        _ => "nowhere",
    };
}
