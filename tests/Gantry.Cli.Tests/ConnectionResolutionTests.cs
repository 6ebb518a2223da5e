using System.Text.Json;
using Gantry.Client;
using Gantry.Core;

namespace Gantry.Cli.Tests;

public sealed class ConnectionResolutionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gantry-conn-test-").FullName;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public ConnectionResolutionTests() => _variables["GANTRY_CONFIG_DIR"] = Path.Combine(_dir, "config");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ClientConnection Resolve(string? addr = null, string? token = null)
    {
        var resolved = ClientConnection.Resolve(addr, token, name => _variables.GetValueOrDefault(name), _dir);
        Assert.True(resolved.IsOk, resolved.Error?.Message);
        return resolved.Value;
    }

    private void WriteConfig(string address, string token)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "config"));
        File.WriteAllText(Path.Combine(_dir, "config", "config.json"), JsonSerializer.Serialize(new ClientConfig(address, token), GantryJson.Options));
    }

    private void WriteAdminToken(string token, string dataDir = ".gantry")
    {
        Directory.CreateDirectory(Path.Combine(_dir, dataDir));
        File.WriteAllText(Path.Combine(_dir, dataDir, "admin.token"), token + "\n");
    }

    [Fact]
    public void Nothing_GivesTheDefaultAddress_AndNoToken()
    {
        var c = Resolve();

        Assert.Equal("http://127.0.0.1:8080", c.AddressText);
        Assert.Null(c.Token);
        Assert.Equal(ConnectionSource.Default, c.AddressSource);
        Assert.Equal(ConnectionSource.Default, c.TokenSource);
    }

    [Fact]
    public void Order_IsFlags_ThenEnvironment_ThenConfigFile_ThenAdminToken()
    {
        WriteAdminToken("from-admin-file");
        Assert.Equal(("from-admin-file", ConnectionSource.AdminTokenFile), (Resolve().Token, Resolve().TokenSource));

        WriteConfig("http://127.0.0.1:8080", "from-config");
        Assert.Equal(("from-config", ConnectionSource.ConfigFile), (Resolve().Token, Resolve().TokenSource));

        _variables["GANTRY_TOKEN"] = "from-env";
        _variables["GANTRY_ADDR"] = "127.0.0.1:8080";
        var fromEnv = Resolve();
        Assert.Equal(("from-env", ConnectionSource.Environment, ConnectionSource.Environment), (fromEnv.Token, fromEnv.TokenSource, fromEnv.AddressSource));

        var fromFlags = Resolve("http://127.0.0.1:9999", "from-flag");
        Assert.Equal("from-flag", fromFlags.Token);
        Assert.Equal("http://127.0.0.1:9999", fromFlags.AddressText);
        Assert.Equal(ConnectionSource.Flag, fromFlags.AddressSource);
    }

    [Fact]
    public void ConfigFile_GivesTheAddressToo()
    {
        WriteConfig("https://gantry.example.com", "t");

        var c = Resolve();

        Assert.Equal("https://gantry.example.com", c.AddressText);
        Assert.Equal(ConnectionSource.ConfigFile, c.AddressSource);
        Assert.Equal("t", c.Token);
    }

    [Fact]
    public void ConfigToken_IsNotSentToAnotherServer()
    {
        WriteConfig("https://gantry.example.com", "secret");

        var c = Resolve(addr: "http://other.example.com:8080");

        Assert.Null(c.Token);
    }

    [Fact]
    public void AdminToken_IsUsedOnlyForALoopbackAddress()
    {
        WriteAdminToken("admin-secret");

        Assert.Equal("admin-secret", Resolve(addr: "localhost:8080").Token);
        Assert.Null(Resolve(addr: "gpu-box.example.com:8080").Token);
    }

    [Fact]
    public void AdminToken_ComesFromGantryDataDir_WhenSet()
    {
        WriteAdminToken("in-data-dir", "data");
        _variables["GANTRY_DATA_DIR"] = "data";

        Assert.Equal("in-data-dir", Resolve().Token);
    }

    [Fact]
    public void ConfigDirectory_FollowsGantryConfigDir_ThenXdg_ThenHome()
    {
        string? Path(Dictionary<string, string> v) => ClientConfigFile.PathFor(n => v.GetValueOrDefault(n), "/work");

        Assert.Equal("/cfg/config.json", Path(new() { ["GANTRY_CONFIG_DIR"] = "/cfg", ["XDG_CONFIG_HOME"] = "/xdg", ["HOME"] = "/home/a" }));
        Assert.Equal("/xdg/gantry/config.json", Path(new() { ["XDG_CONFIG_HOME"] = "/xdg", ["HOME"] = "/home/a" }));
        Assert.Equal("/home/a/.config/gantry/config.json", Path(new() { ["HOME"] = "/home/a" }));
        Assert.Null(Path([]));
    }

    [Fact]
    public void BrokenConfigFile_IsAnError_UnlessFlagsSayEverything()
    {
        Directory.CreateDirectory(System.IO.Path.Combine(_dir, "config"));
        File.WriteAllText(System.IO.Path.Combine(_dir, "config", "config.json"), "{ not json");

        var broken = ClientConnection.Resolve(null, null, name => _variables.GetValueOrDefault(name), _dir);
        Assert.False(broken.IsOk);
        Assert.Contains("gantry login", broken.Error!.Message, StringComparison.Ordinal);

        Assert.Equal("t", Resolve("127.0.0.1:1", "t").Token);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://gpu-box:9000", "http://gpu-box:9000/")]
    [InlineData("https://gantry.example.com/prefix", "https://gantry.example.com/prefix/")]
    public void Addresses_AreNormalised(string text, string expected) =>
        Assert.Equal(expected, ServerAddress.Parse(text).Value!.AbsoluteUri);

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("http://")]
    [InlineData("")]
    [InlineData("http://x/?a=1")]
    public void BadAddresses_AreRefused(string text) => Assert.False(ServerAddress.Parse(text).IsOk);
}
