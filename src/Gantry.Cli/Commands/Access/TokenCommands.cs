using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Api;
using Gantry.Core.Text;

namespace Gantry.Cli.Commands.Access;

/// <summary><c>gantry token create|ls|revoke</c>.</summary>
internal static class TokenCommands
{
    public static Command Create(CommandBinder binder) => new("token", "Manage API tokens")
    {
        CreateToken(binder),
        ListTokens(binder),
        RevokeToken(binder),
    };

    private static Command CreateToken(CommandBinder binder)
    {
        var user = new Option<string?>("--user") { Description = "Whose token (admins only) [default: yours]" };
        var name = new Option<string?>("--name") { Description = "A name to recognise the token by" };
        var expires = new Option<string?>("--expires") { Description = "Lifetime: 30d, 12h [default: never expires]", HelpName = "DURATION" };
        var deployment = new Option<string?>("--deployment") { Description = "Scope the token to one deployment: it can only call that deployment's /v2 endpoints" };
        var json = CommandBinder.JsonOption();
        var command = new Command("create", "Create a token; its secret is shown only once") { user, name, expires, deployment, json };
        return binder.Bind(command, async context =>
        {
            if (context.Value(expires) is { } text && DurationText.Parse(text, "--expires") is { IsOk: false } bad)
                throw CliException.Usage(bad.Error.Message);
            var request = new CreateTokenRequest(context.Value(name), context.Value(user), context.Value(expires), context.Value(deployment));
            var created = await context.Client.CreateTokenAsync(request, context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(created);
                return ExitCodes.Ok;
            }

            // The secret alone on stdout, so `TOKEN=$(gantry token create)` works; the rest is for people.
            await context.WriteLineAsync(created.Token);
            var expiry = created.ExpiresAt is null ? "never expires" : $"expires {TimeText.Stamp(created.ExpiresAt)}";
            await context.NoteAsync($"token {created.Id} ({created.Name}) for {created.User}, {expiry}"
                + (created.Deployment is { } scoped ? $", scoped to deployment {scoped} (inference only)." : "."));
            await context.NoteAsync("warning: this is the only time the token is shown; store it somewhere safe now.");
            return ExitCodes.Ok;
        });
    }

    private static Command ListTokens(CommandBinder binder)
    {
        var user = new Option<string?>("--user") { Description = "Whose tokens (admins only) [default: yours]" };
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List tokens (never their secrets)") { user, json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            var tokens = await context.Client.ListTokensAsync(context.Value(user), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(tokens);
            else
                await context.WriteAsync(AccessTables.Tokens(tokens, context.Now));
            return ExitCodes.Ok;
        });
    }

    private static Command RevokeToken(CommandBinder binder)
    {
        var id = new Argument<long>("ID") { Description = "Token id (from gantry token ls)" };
        var command = new Command("revoke", "Revoke a token: it stops working at once") { id };
        return binder.Bind(command, async context =>
        {
            await context.Client.RevokeTokenAsync(context.Value(id), context.CancellationToken);
            await context.WriteLineAsync($"revoked token {context.Value(id)}");
            return ExitCodes.Ok;
        });
    }
}
