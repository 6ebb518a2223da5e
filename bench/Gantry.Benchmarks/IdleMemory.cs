using System.Diagnostics;
using System.Globalization;

namespace Gantry.Benchmarks;

/// <summary>Resident memory of an idle `gantry server` process (the real binary, after start-up settles).</summary>
internal static class IdleMemory
{
    private const long TargetBytes = 150L << 20;

    public static async Task RunAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("gantry-bench-idle-").FullName;
        var port = FreePort();
        var gantryDll = Path.Combine(AppContext.BaseDirectory, "gantry.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", gantryDll, "server", "--dev", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GANTRY_Logging__LogLevel__Default"] = "Warning";
        using var server = Process.Start(start)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient();
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if ((await http.GetStringAsync($"http://127.0.0.1:{port}/readyz")) == "ready")
                        break;
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(200);
                }
            }

            // Let start-up garbage settle, as an idle server would.
            await Task.Delay(TimeSpan.FromSeconds(10));
            var rss = ReadRss(server.Id);
            Console.WriteLine();
            Console.WriteLine("## Idle server resident memory (`gantry server --dev`, 10 s after ready)");
            Console.WriteLine("| measure | MiB | target MiB | ratio to target |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| VmRSS | {rss / 1048576.0:0.0} | {TargetBytes >> 20} | {(double)rss / TargetBytes:0.00} |");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static long ReadRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        throw new InvalidOperationException("no VmRSS");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
