using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.Core;
using Gantry.Server;

namespace Gantry.Benchmarks;

/// <summary>An in-process Gantry server on a loopback port with a fresh data directory.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private BenchServer(GantryApp app, string dataDir, HttpClient client)
    {
        App = app;
        DataDir = dataDir;
        Client = client;
    }

    public GantryApp App { get; }

    public string DataDir { get; }

    public HttpClient Client { get; }

    public static async Task<BenchServer> StartAsync(int gpus, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-bench-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Local:DiscoverGpus"] = "false",
            ["Local:DeclaredAccelerators:0:Model"] = "Bench GPU",
            ["Local:DeclaredAccelerators:0:Count"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        var app = await GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), config, CancellationToken.None);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(app.Address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.BootstrapToken);
        return new BenchServer(app, dataDir, client);
    }

    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value, GantryJson.Options), Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
