using Gantry.Server;

namespace Gantry.Cli.Tests;

public sealed class ServerCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gantry-server-cmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, ServerSettings? Settings, string Error)> RunAsync(Dictionary<string, string> variables, params string[] args)
    {
        ServerSettings? seen = null;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(output, error, n => variables.GetValueOrDefault(n), _dir)
        {
            RunServer = (settings, _, _) =>
            {
                seen = settings;
                return Task.FromResult(0);
            },
        };
        var code = await CliApp.RunAsync(args, env, TestContext.Current.CancellationToken);
        return (code, seen, error.ToString());
    }

    [Fact]
    public async Task Server_Defaults_ListenOnLoopback_WithDataInDotGantry()
    {
        var (code, settings, _) = await RunAsync([], "server", "--dev");

        Assert.Equal(0, code);
        Assert.Equal(new ServerSettings("127.0.0.1:8080", Path.Combine(_dir, ".gantry"), Dev: true, ConfigPath: null), settings);
    }

    [Fact]
    public async Task Server_Flags_AndGantryDataDir_AreHonoured()
    {
        File.WriteAllText(Path.Combine(_dir, "gantry.yaml"), "");

        var (_, fromFlags, _) = await RunAsync([], "server", "--listen", "0.0.0.0:9000", "--data-dir", "d", "--config", "gantry.yaml");
        var (_, fromEnv, _) = await RunAsync(new() { ["GANTRY_DATA_DIR"] = "/srv/gantry" }, "server");

        Assert.Equal(new ServerSettings("0.0.0.0:9000", Path.Combine(_dir, "d"), Dev: false, Path.Combine(_dir, "gantry.yaml")), fromFlags);
        Assert.Equal("/srv/gantry", fromEnv!.DataDir);
    }

    [Fact]
    public async Task Server_MissingConfigFile_IsAUsageError()
    {
        var (code, settings, error) = await RunAsync([], "server", "--config", "missing.yaml");

        Assert.Equal(2, code);
        Assert.Null(settings);
        Assert.Contains("missing.yaml", error, StringComparison.Ordinal);
    }
}
