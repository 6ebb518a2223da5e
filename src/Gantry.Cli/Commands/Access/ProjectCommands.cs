using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;
using Gantry.Core.Api;

namespace Gantry.Cli.Commands.Access;

/// <summary><c>gantry project create|ls|add-member|remove-member</c>.</summary>
internal static class ProjectCommands
{
    public static Command Create(CommandBinder binder) => new("project", "Manage projects and their members")
    {
        CreateProject(binder),
        ListProjects(binder),
        AddMember(binder),
        RemoveMember(binder),
        Scheduling.ProjectQuotaCommand.Create(binder),
    };

    private static Command CreateProject(CommandBinder binder)
    {
        var name = new Argument<string>("NAME") { Description = "Project name" };
        var json = CommandBinder.JsonOption();
        var command = new Command("create", "Create a project") { name, json };
        return binder.Bind(command, async context =>
        {
            var project = await context.Client.CreateProjectAsync(new CreateProjectRequest(context.Value(name)!), context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(project);
            else
                await context.WriteLineAsync($"created project {project.Name}");
            return ExitCodes.Ok;
        });
    }

    private static Command ListProjects(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("ls", "List projects") { json };
        command.Aliases.Add("list");
        return binder.Bind(command, async context =>
        {
            var projects = await context.Client.ListProjectsAsync(context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(projects);
            else
                await context.WriteAsync(AccessTables.Projects(projects, context.Now));
            return ExitCodes.Ok;
        });
    }

    private static Command AddMember(CommandBinder binder)
    {
        var project = new Argument<string>("PROJECT") { Description = "Project name" };
        var user = new Argument<string>("USER") { Description = "User name" };
        var role = new Option<string>("--role") { Description = "viewer, member or admin", DefaultValueFactory = _ => "member" };
        var json = CommandBinder.JsonOption();
        var command = new Command("add-member", "Add a user to a project, or change their role") { project, user, role, json };
        return binder.Bind(command, async context =>
        {
            var parsed = RoleText.Parse(context.Value(role) ?? "member");
            if (!parsed.IsOk)
                throw CliException.Usage(parsed.Error.Message);
            var membership = await context.Client.SetMemberAsync(context.Value(project)!, context.Value(user)!, parsed.Value, context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(membership);
            else
                await context.WriteLineAsync($"{context.Value(user)} is now {RoleText.Format(membership.Role)} in {membership.Project}");
            return ExitCodes.Ok;
        });
    }

    private static Command RemoveMember(CommandBinder binder)
    {
        var project = new Argument<string>("PROJECT") { Description = "Project name" };
        var user = new Argument<string>("USER") { Description = "User name" };
        var command = new Command("remove-member", "Remove a user from a project") { project, user };
        return binder.Bind(command, async context =>
        {
            await context.Client.RemoveMemberAsync(context.Value(project)!, context.Value(user)!, context.CancellationToken);
            await context.WriteLineAsync($"removed {context.Value(user)} from {context.Value(project)}");
            return ExitCodes.Ok;
        });
    }
}
