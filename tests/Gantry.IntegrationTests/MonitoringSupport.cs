using System.Net;
using System.Net.Http.Headers;
using Gantry.Core.Api;
using Gantry.Execution.Telemetry;
using Gantry.Server.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.IntegrationTests;

/// <summary>Helpers for monitoring tests: inject GPU readings, collect them, read /metrics.</summary>
internal static class MonitoringSupport
{
    /// <summary>Test settings plus a telemetry interval so long the collector only runs when a test asks.</summary>
    public static Dictionary<string, string?> Config(int gpus = 2, Dictionary<string, string?>? extra = null)
    {
        var config = TestServer.DefaultConfig(gpus);
        config["Monitoring:TelemetryInterval"] = "01:00:00";
        config["Monitoring:CompactionInterval"] = "1.00:00:00";
        config["Monitoring:JobMetricsInterval"] = "00:00:00.200";
        foreach (var (key, value) in extra ?? [])
            config[key] = value;
        return config;
    }

    public static TelemetryCollector Collector(this TestServer server) => server.App.Services.GetRequiredService<TelemetryCollector>();

    /// <summary>Adds an injected source to the server's collector, pushes <paramref name="samples"/> and collects them.</summary>
    public static async Task<InjectedTelemetrySource> InjectAsync(this TestServer server, params GpuSample[] samples)
    {
        var source = new InjectedTelemetrySource();
        server.Collector().AddSource(source);
        source.Push(samples);
        await server.Collector().CollectOnceAsync(TestContext.Current.CancellationToken);
        return source;
    }

    public static GpuSample Reading(int gpu, double utilization, DateTimeOffset? at = null) => new(null, gpu)
    {
        Uuid = $"GPU-test-{gpu}",
        Model = "Test GPU 16GB",
        UtilizationPercent = utilization,
        MemoryUsedBytes = 4L << 30,
        MemoryTotalBytes = 16L << 30,
        PowerWatts = 100 + utilization,
        EnergyMillijoules = 5_000_000,
        TemperatureCelsius = 50,
        SmClockMhz = 1500,
        At = at,
    };

    public static async Task<string> ScrapeAsync(this HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Value(string metrics, string name, params (string Key, string Value)[] labels)
    {
        var matches = PrometheusText.Parse(metrics, out _)
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .ToArray();
        Assert.True(matches.Length == 1, $"expected one {name}{{{string.Join(',', labels.Select(l => $"{l.Key}={l.Value}"))}}}, found {matches.Length} in:\n{metrics}");
        return matches[0].Value;
    }

    /// <summary>Creates <paramref name="project"/> (if new) and a user with <paramref name="role"/> in it; returns a client with their token.</summary>
    public static async Task<HttpClient> UserAsync(this TestServer server, string name, string project, Role role)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await server.Admin.PostAsync("/api/v1/projects", TestServer.Json(new CreateProjectRequest(project)), ct);
        Assert.True(created.IsSuccessStatusCode || created.StatusCode == HttpStatusCode.Conflict, $"creating project {project}: {(int)created.StatusCode}");
        var user = await server.Admin.PostAsync("/api/v1/users", TestServer.Json(new CreateUserRequest(name, Project: project, Role: role)), ct);
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        var token = await (await server.Admin.PostAsync("/api/v1/tokens", TestServer.Json(new CreateTokenRequest(User: name)), ct)).ReadAsync<TokenCreated>();
        return server.ClientFor(token.Token);
    }

    public static async Task<T> GetFromJsonAsync<T>(this HttpClient client, string path) =>
        await (await client.GetAsync(path, TestContext.Current.CancellationToken)).ReadAsync<T>();

    /// <summary>Polls until <paramref name="condition"/> holds, with a deadline.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (condition(value))
                return value;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for {what}; last: {value}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
