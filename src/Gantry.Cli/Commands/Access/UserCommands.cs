using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Api;

namespace Gantry.Cli.Commands.Access;

/// <summary><c>gantry user create|ls</c>.</summary>
internal static class UserCommands
{
    public static Command Create(CommandBinder binder) => new("user", "Manage users (admins)")
    {
        CreateUser(binder),
        ListUsers(binder),
    };

    private static Command CreateUser(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "User name" };
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator" };
        var project = new Option<string?>("--project", "-p") { Description = "Add the user to this project" };
        var role = new Option<string?>("--role") { Description = "Role in --project: viewer, member or admin [default: member]" };
        var json = CommandBinder.JsonOption();
        var command = new Command("create", "Create a user") { name, admin, project, role, json };
        return binder.Bind(command, async context =>
        {
            Role? parsedRole = null;
            if (context.Value(role) is { } roleText)
            {
                if (context.Value(project) is null)
                    throw CliException.Usage("--role needs --project");
                var parsed = RoleText.Parse(roleText);
                parsedRole = parsed.IsOk ? parsed.Value : throw CliException.Usage(parsed.Error.Message);
            }
            else if (context.Value(project) is not null)
            {
                parsedRole = Role.Member;
            }

            var request = new CreateUserRequest(context.Value(name)!, context.Value(admin) ? true : null, context.Value(project), parsedRole);
            var user = await context.Client.CreateUserAsync(request, context.CancellationToken);
            if (context.Value(json))
            {
                await context.WriteJsonAsync(user);
                return ExitCodes.Ok;
            }

            await context.WriteLineAsync($"created user {user.Name}{(user.IsAdmin ? " (admin)" : "")}");
            await context.NoteAsync($"give them a token with: gantry token create --user {user.Name}");
            return ExitCodes.Ok;
        });
    }

    private static Command ListUsers(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List users") { json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            var users = await context.Client.ListUsersAsync(context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(users);
            else
                await context.WriteAsync(AccessTables.Users(users, context.Now));
            return ExitCodes.Ok;
        });
    }
}
