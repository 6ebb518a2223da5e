using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Gantry.IntegrationTests;

/// <summary>A real S3-protocol server for the data suite: moto's standalone server on a free loopback port, started once per test class.</summary>
public sealed class DataMotoServer : IAsyncLifetime
{
    private Process? _process;

    public string? ServiceUrl { get; private set; }

    public string Problem { get; private set; } = "";

    public bool IsRunning => ServiceUrl is not null;

    public async ValueTask InitializeAsync()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, "moto_server")).FirstOrDefault(File.Exists);
        if (executable is null)
        {
            Problem = "needs moto_server on PATH (pip install 'moto[server]', or the machine image's moto)";
            return;
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        _process = Process.Start(new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(url + "/moto-api/");
                ServiceUrl = url;
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Problem = $"moto_server did not answer on {url} within 60 s";
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    public AmazonS3Client Client() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonS3Config
        {
            ServiceURL = ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
