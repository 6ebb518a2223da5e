using System.CommandLine;
using Gantry.Cli.Commands;
using Gantry.Cli.Commands.Access;
using Gantry.Cli.Commands.Audit;
using Gantry.Cli.Commands.Cluster;
using Gantry.Cli.Commands.Cost;
using Gantry.Cli.Commands.Jobs;
using Gantry.Cli.Commands.Monitoring;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli;

/// <summary>Assembles every verb under one root; built per run so nothing is shared between runs.</summary>
internal static class RootCommandFactory
{
    public static RootCommand Create(CliEnvironment environment)
    {
        var binder = new CommandBinder(environment);
        var root = new RootCommand("Gantry: one platform for the GPUs you own or rent. Run `gantry server --dev` to start.");
        root.Options.Add(binder.Address);
        root.Options.Add(binder.Token);
        root.Subcommands.Add(ServerCommand.Create(binder));
        root.Subcommands.Add(LoginCommand.Create(binder));
        root.Subcommands.Add(WhoAmICommand.Create(binder));
        root.Subcommands.Add(JobCommands.Create(binder));
        root.Subcommands.Add(Commands.Scheduling.QueueCommand.Create(binder));
        root.Subcommands.Add(Commands.Scheduling.SimCommand.Create(binder));
        root.Subcommands.Add(ClusterCommands.Nodes(binder));
        root.Subcommands.Add(ClusterCommands.Gpus(binder));
        root.Subcommands.Add(UserCommands.Create(binder));
        root.Subcommands.Add(ProjectCommands.Create(binder));
        root.Subcommands.Add(TokenCommands.Create(binder));
        root.Subcommands.Add(AuditCommands.Create(binder));
        root.Subcommands.Add(Commands.Data.DatasetCommands.Create(binder));
        root.Subcommands.Add(Commands.Data.ModelCommands.Create(binder));
        root.Subcommands.Add(Commands.Data.DataCommands.Create(binder));
        root.Subcommands.Add(TopCommand.Create(binder));
        root.Subcommands.Add(CostCommands.Create(binder));
        root.Subcommands.Add(Commands.Planning.PlanCommands.Create(binder));
        root.Subcommands.Add(Commands.Planning.AssessCommand.Create(binder));
        root.Subcommands.Add(Commands.Serving.DeployCommands.Create(binder));
        root.Subcommands.Add(Commands.Serving.InferCommand.Create(binder));
        return root;
    }
}
