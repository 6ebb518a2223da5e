using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gantry.IntegrationTests;

/// <summary>
/// A stand-in Kubernetes API server on loopback (a test aid: there is no cluster here) with one Ready node of four CPUs,
/// 16 GiB and two GPUs, which refuses every Job with 403 — so a job launched there fails at once with Kubernetes'
/// answer, and <see cref="CreatedJobs"/> holds the manifests the server sent. The kubeconfig it writes points at it.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string NodeName = "knode";

    private readonly WebApplication _app;
    private readonly string _dir;

    private FakeKubernetesApi(WebApplication app, string dir, string kubeconfig)
    {
        _app = app;
        _dir = dir;
        Kubeconfig = kubeconfig;
    }

    public string Kubeconfig { get; }

    public ConcurrentQueue<string> CreatedJobs { get; } = new();

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var dir = Directory.CreateTempSubdirectory("gantry-fake-k8s-").FullName;
        FakeKubernetesApi? api = null;
        app.MapGet("/api/v1/nodes", () => Results.Text(NodeList, "application/json"));
        app.MapPost("/apis/batch/v1/namespaces/{ns}/jobs", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            api!.CreatedJobs.Enqueue(await reader.ReadToEndAsync());
            return Results.Text("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"jobs are refused by the test API","reason":"Forbidden","code":403}""", "application/json", statusCode: 403);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Urls.First();
        var kubeconfig = Path.Join(dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {{address}}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            users:
            - name: fake
              user: {token: gantry-test}
            """, TestContext.Current.CancellationToken);
        api = new FakeKubernetesApi(app, dir, kubeconfig);
        return api;
    }

    /// <summary>Settings for a pool <paramref name="pool"/> on this API, added to <paramref name="config"/>.</summary>
    public Dictionary<string, string?> Pool(Dictionary<string, string?> config, string pool)
    {
        config[$"Pools:{pool}:Kind"] = "kubernetes";
        config[$"Pools:{pool}:Kubernetes:Kubeconfig"] = Kubeconfig;
        config[$"Pools:{pool}:Kubernetes:Image"] = "busybox:1.36";
        config[$"Pools:{pool}:Kubernetes:PollInterval"] = "00:00:00.200";
        return config;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private const string NodeList = """
        {"kind":"NodeList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"knode","labels":{"kubernetes.io/hostname":"knode"}},
         "status":{"allocatable":{"cpu":"4","memory":"16Gi","nvidia.com/gpu":"2"},"conditions":[{"type":"Ready","status":"True"}]}}]}
        """;
}
