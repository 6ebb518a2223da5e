using Gantry.Client;
using Gantry.Core.Api;

namespace Gantry.Cli.Tests;

public sealed class LoginTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Login_ChecksTheToken_ThenSavesAnOwnerOnlyConfig_ThatLaterCommandsUse()
    {
        _cli.Server.OnJson("GET", "/api/v1/whoami", new WhoAmI("alice", false, [new MembershipView("ml", Role.Member)]));

        var login = await _cli.RunAsync("login", "gpu-box:9000", "--token", "tok-1");

        Assert.Equal(0, login.ExitCode);
        Assert.Contains("Logged in to http://gpu-box:9000 as alice", login.Output, StringComparison.Ordinal);
        var path = Path.Combine(_cli.WorkingDirectory, "config", "config.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var saved = ClientConfigFile.Load(path).Value!;
        Assert.Equal(new ClientConfig("http://gpu-box:9000", "tok-1"), saved);

        var whoami = await _cli.RunAsync("whoami");

        Assert.Equal(0, whoami.ExitCode);
        Assert.Contains("alice", whoami.Output, StringComparison.Ordinal);
        Assert.Contains("ml (member)", whoami.Output, StringComparison.Ordinal);
        Assert.Contains("token from gantry login", whoami.Output, StringComparison.Ordinal);
        Assert.All(_cli.Server.Requests, r => Assert.Equal("Bearer tok-1", r.Authorization));
        Assert.All(_cli.Server.Requests, r => Assert.Equal("/api/v1/whoami", r.Path));
    }

    [Fact]
    public async Task Login_WithARefusedToken_SavesNothing()
    {
        _cli.Server.On("GET", "/api/v1/whoami", _ => FakeServer.Problem(System.Net.HttpStatusCode.Unauthorized, "Unauthorized", "the token is not valid"));

        var login = await _cli.RunAsync("login", "--token", "bad");

        Assert.Equal(1, login.ExitCode);
        Assert.Equal("error: the token is not valid", login.Error.Trim());
        Assert.False(File.Exists(Path.Combine(_cli.WorkingDirectory, "config", "config.json")));
    }

    [Fact]
    public async Task Login_WithoutAToken_IsAUsageError()
    {
        var login = await _cli.RunAsync("login", "127.0.0.1:8080");

        Assert.Equal(2, login.ExitCode);
        Assert.Contains("--token", login.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentVariables_PointTheCliAtAServer()
    {
        _cli.Variables["GANTRY_ADDR"] = "http://10.1.2.3:7000";
        _cli.Variables["GANTRY_TOKEN"] = "env-token";
        _cli.Server.OnJson("GET", "/api/v1/whoami", new WhoAmI("bob", true, []));

        var run = await _cli.RunAsync("whoami", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"user\": \"bob\"", run.Output, StringComparison.Ordinal);
        var request = Assert.Single(_cli.Server.Requests);
        Assert.Equal("Bearer env-token", request.Authorization);
        Assert.Equal("10.1.2.3:7000", request.Authority);
    }

    [Fact]
    public async Task BadAddressFlag_IsAUsageError()
    {
        var run = await _cli.RunAsync("whoami", "--addr", "ftp://nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a server address", run.Error, StringComparison.Ordinal);
    }
}
