using System.CommandLine;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli.Commands.Data;

/// <summary><c>gantry data rotate-key</c>: operations on the encrypted store itself.</summary>
internal static class DataCommands
{
    public static Command Create(CommandBinder binder) => new("data", "Operate the encrypted data store")
    {
        RotateKey(binder),
    };

    private static Command RotateKey(CommandBinder binder)
    {
        var json = CommandBinder.JsonOption();
        var command = new Command("rotate-key", "Add a new master key and re-wrap every chunk's data key under it (admin)") { json };
        return binder.Bind(command, async context =>
        {
            var result = await context.Client.RotateMasterKeyAsync(context.CancellationToken);
            if (context.Value(json))
                await context.WriteJsonAsync(result);
            else
                await context.WriteLineAsync($"current master key {result.CurrentKeyId}{(result.KeyAdded ? " (new)" : "")}: re-wrapped {result.Rewrapped} of {result.Examined} chunks; older keys may be removed from the key file once no chunk needs them");
            return ExitCodes.Ok;
        });
    }
}
