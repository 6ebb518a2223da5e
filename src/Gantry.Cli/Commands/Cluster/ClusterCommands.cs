using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands.Cluster;

/// <summary><c>gantry nodes</c> and <c>gantry gpus</c>.</summary>
internal static class ClusterCommands
{
    public static Command Nodes(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("nodes", "List the nodes and what is allocated on them") { json };
        return binder.Bind(command, async context =>
        {
            var nodes = await context.Client.ListNodesAsync(context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(nodes);
            else if (nodes.Count == 0)
                await context.NoteAsync("no nodes");
            else
                await context.WriteAsync(ClusterTables.Nodes(nodes));
            return ExitCodes.Ok;
        });
    }

    public static Command Gpus(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("gpus", "List the GPUs and the jobs using them") { json };
        return binder.Bind(command, async context =>
        {
            var gpus = await context.Client.ListGpusAsync(context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(gpus);
            else if (gpus.Count == 0)
                await context.NoteAsync("no GPUs found");
            else
                await context.WriteAsync(ClusterTables.Gpus(gpus));
            return ExitCodes.Ok;
        });
    }
}
