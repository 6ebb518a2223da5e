using System.CommandLine;
using Gantry.Cli.Infrastructure;
using Gantry.Server;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry server</c>: runs the server in this process until interrupted.</summary>
internal static class ServerCommand
{
    public static Command Create(CommandBinder binder)
    {
        var dev = new Option<bool>("--dev") { Description = "Embedded defaults: SQLite, local blobs, the local executor, an admin token in the data directory" };
        var listen = new Option<string>("--listen")
        {
            Description = "Address to listen on",
            HelpName = "HOST:PORT",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory [env: GANTRY_DATA_DIR; default: .gantry]", HelpName = "DIR" };
        var config = new Option<string?>("--config") { Description = "Configuration file (gantry.yaml)", HelpName = "FILE" };
        var command = new Command("server", "Run the Gantry server") { dev, listen, dataDir, config };
        return binder.Bind(command, async context =>
        {
            var env = context.Environment;
            var dir = context.Value(dataDir) ?? NonEmpty(env.GetVariable("GANTRY_DATA_DIR")) ?? ".gantry";
            string? configPath = null;
            if (context.Value(config) is { } file)
            {
                configPath = Path.GetFullPath(file, env.WorkingDirectory);
                if (!File.Exists(configPath))
                    throw CliException.Usage($"the configuration file {configPath} does not exist");
            }

            var settings = new ServerSettings(
                Listen: context.Value(listen) ?? "127.0.0.1:8080",
                DataDir: Path.GetFullPath(dir, env.WorkingDirectory),
                Dev: context.Value(dev),
                ConfigPath: configPath);
            return await env.RunServer(settings, env.Output, context.CancellationToken);
        });
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
