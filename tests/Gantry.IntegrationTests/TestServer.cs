using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Api;
using Gantry.Core.Jobs;
using Gantry.Server;

namespace Gantry.IntegrationTests;

/// <summary>A real Gantry server on a loopback port with its own data directory, and an admin client.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(GantryApp app, string dataDir, string adminToken)
    {
        App = app;
        DataDir = dataDir;
        AdminToken = adminToken;
        Admin = ClientFor(adminToken);
    }

    public GantryApp App { get; private set; }

    public string DataDir { get; }

    public string AdminToken { get; }

    public HttpClient Admin { get; private set; }

    /// <summary>Settings for tests: two declared GPUs, no real GPU discovery, short grace and backoff.</summary>
    public static Dictionary<string, string?> DefaultConfig(int gpus = 2) => new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Local:DiscoverGpus"] = "false",
        ["Local:NodeName"] = "testnode",
        ["Local:DeclaredAccelerators:0:Model"] = "Test GPU 16GB",
        ["Local:DeclaredAccelerators:0:Count"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Local:DeclaredAccelerators:0:MemoryBytes"] = (16L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Local:DeclaredAccelerators:0:Vendor"] = "nvidia",
        ["Jobs:CancelGrace"] = "00:00:05",
        ["Jobs:RetryBackoff"] = "00:00:00.050",
        ["Jobs:SchedulerInterval"] = "00:00:00.200",
    };

    public static async Task<TestServer> StartAsync(Dictionary<string, string?>? config = null, string? dataDir = null)
    {
        dataDir ??= Directory.CreateTempSubdirectory("gantry-test-").FullName;
        var app = await GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", dataDir), TestMetadata.With(config ?? DefaultConfig(), dataDir), TestContext.Current.CancellationToken);
        var token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.token"))).Trim();
        return new TestServer(app, dataDir, token);
    }

    /// <summary>Stops the server gracefully and starts a new one on the same data directory.</summary>
    public async Task RestartAsync(Dictionary<string, string?>? config = null)
    {
        await App.DisposeAsync();
        Admin.Dispose();
        App = await GantryApp.StartAsync(new ServerSettings("127.0.0.1:0", DataDir), TestMetadata.With(config ?? DefaultConfig(), DataDir), TestContext.Current.CancellationToken);
        Admin = ClientFor(AdminToken);
    }

    public HttpClient ClientFor(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(App.Address), Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopJobsAsync();
        Admin.Dispose();
        await App.DisposeAsync();
        await TestMetadata.DropAsync(DataDir);
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still open somewhere; the temp directory is left behind.
        }
    }

    /// <summary>Jobs outlive the server by design; a test server cancels its own before it goes.</summary>
    private async Task StopJobsAsync()
    {
        try
        {
            var page = await Admin.GetFromJsonAsync<Page<JobView>>("/api/v1/jobs?limit=1000", GantryJson.Options);
            foreach (var job in page!.Items.Where(j => !j.State.IsFinal()))
            {
                await Admin.PostAsync($"/api/v1/jobs/{job.Id}/cancel", null);
                await Admin.WaitAsync(job.Id);
            }
        }
        catch (HttpRequestException)
        {
            // The server is already down (a test stopped it); nothing to cancel through it.
        }
    }

    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value, GantryJson.Options), Encoding.UTF8, "application/json");

    public static StringContent RawJson(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>A job spec for tests: a shell script, a tenth of a CPU and 64Mi so tests do not queue behind each other.</summary>
    public static JobSpec Shell(string script, int gpus = 0, string? name = null, string? project = null) => new()
    {
        Name = name ?? "t",
        Project = project,
        Command = JobCommand.FromShell(script),
        Resources = new ResourceSpec { Cpus = 0.1, Memory = "64Mi", Gpus = gpus },
    };
}
