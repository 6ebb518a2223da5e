using System.Diagnostics;
using System.Net.Http.Headers;

namespace Gantry.IntegrationTests;

/// <summary>The real `gantry server` binary in its own process, so a test can SIGKILL it.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public static async Task<ServerProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "gantry.dll"), "server", "--dev", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in TestServer.DefaultConfig().Concat(extra ?? new Dictionary<string, string?>()))
            start.Environment["GANTRY_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var address = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            Assert.False(process.HasExited, "gantry server exited during start-up");
            try
            {
                if (await http.GetStringAsync(address + "/readyz", TestContext.Current.CancellationToken) == "ready")
                    return new ServerProcess(process, address);
            }
            catch (HttpRequestException)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "gantry server did not become ready");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    public HttpClient ClientFor(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or a power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
